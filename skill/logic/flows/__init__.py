"""The conversation's flows: each module declares the intents it answers (`INTENTS`) and
the questions it may leave waiting for a yes or no (`PENDING`)."""
