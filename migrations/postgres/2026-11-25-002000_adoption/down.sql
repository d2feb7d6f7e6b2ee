DROP TABLE adoption_applicants;
DROP TABLE adoption_applications;
DROP TABLE adoption_availability;
