"""Reading: the input corpus (`corpus`) and the tagged store (`store`)."""
