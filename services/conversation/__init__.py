"""Conversation service: chat API, guards, orchestrator."""
