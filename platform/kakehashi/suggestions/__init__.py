"""The matching engine's documents, its worker, stored suggestions, partner load."""
