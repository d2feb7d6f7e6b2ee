DROP TABLE adoption_documents;
