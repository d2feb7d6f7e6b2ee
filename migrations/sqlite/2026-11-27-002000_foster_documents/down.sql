DROP TABLE foster_documents;
