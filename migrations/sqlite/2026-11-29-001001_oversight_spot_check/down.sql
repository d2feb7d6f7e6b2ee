DROP TABLE oversight_spot_check_items;
DROP TABLE oversight_spot_check_samples;
DROP TABLE oversight_spot_check_draws;
DROP TABLE oversight_spot_checks;
