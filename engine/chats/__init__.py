"""Chats: conversations stored in SQLite, prompt building and the context budget."""
