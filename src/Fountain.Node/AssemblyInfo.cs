// The masternode: actors, block store, HTTP API, transport, selection (DESIGN.md, layout).
