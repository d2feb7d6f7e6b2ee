DROP TABLE adoption_third_parties;
