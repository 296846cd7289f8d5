/** MVStore data types and map helpers shared by the edge and hub stores. */
package outpost.common.mvstore;
