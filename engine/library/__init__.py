"""Document libraries: ingestion (parse, chunk, embed, store) and retrieval on LanceDB."""
