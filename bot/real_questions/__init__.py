"""Real patient questions kept blind (tests/nlu/real_questions*.yml): how a model is scored on
them (`scoring`), and the gate `make test` runs (`python -m bot.real_questions`)."""
