// a stale copy of the shared script, left in a node's own folder
