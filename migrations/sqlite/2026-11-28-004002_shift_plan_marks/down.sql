DROP TABLE shift_plan_marks;
