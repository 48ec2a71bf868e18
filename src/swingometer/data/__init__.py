"""The data layer: the shipped tables (the ``*.gz`` files beside these modules), their schemas
and readers, the user's store of imported results and polls, the identities of seats, parties and
elections, and the one typed context (:mod:`swingometer.data.context`) every layer above reads."""
