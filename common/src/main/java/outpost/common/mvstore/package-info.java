/**
 * MVStore data types, map helpers and the one opener of store files ({@link outpost.common.mvstore.StoreFile}),
 * shared by the edge and hub stores.
 */
package outpost.common.mvstore;
