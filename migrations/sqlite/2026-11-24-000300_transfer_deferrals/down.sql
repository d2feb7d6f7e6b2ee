DROP TABLE transfer_deferrals;
