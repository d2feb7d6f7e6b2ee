DROP TABLE oversight_imports;
