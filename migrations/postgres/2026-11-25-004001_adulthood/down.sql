DROP TABLE adulthood_grants;
DROP TABLE adulthood_followups;
DROP TABLE adulthood_checklist;
DROP TABLE adulthood_plans;
DROP TABLE adulthood_assessments;
DROP TABLE adulthood_cases;
