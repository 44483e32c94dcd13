"""Citizens' proposals (提案型協働事業) and 後援 applications."""
