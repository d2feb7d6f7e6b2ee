DROP TABLE care_growth_who2006;
