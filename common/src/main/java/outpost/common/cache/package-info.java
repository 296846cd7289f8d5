/** Small caches the stores and the wire mapping share. */
package outpost.common.cache;
