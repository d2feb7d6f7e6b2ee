//! The ranking of families offered for a child (issue 12 point 4, FOS-23). Pure: the caller has
//! already kept only the families that pass the engine with the child today and have room.
//!
//! Order, first to last (each key only breaks ties of the ones before):
//! 1. **Siblings kept together** (issue 12 point 4; 未成年人保护法 第4条 最有利于未成年人): a family
//!    already fostering one of the child's siblings, then a family that can take the child together
//!    with every sibling still waiting at the institution (room under the FOS-10 limit and the engine
//!    passing with each of them). Only when the child has siblings.
//! 2. **A disabled child** (家庭寄养管理办法 第10条: 寄养残疾儿童，应当优先在具备医疗、特殊教育、康复
//!    训练条件的社区中为其选择寄养家庭): the more of rehabilitation, special education and medical
//!    services near the family, the higher. For a child without a disability the services do not count.
//! 3. **Professional knowledge** (第8条 last paragraph: 有…专业知识的家庭优先), then 4. **volunteers**
//!    (FOS-23), then the older record first (the family id) so the order is stable.

/// 社区条件 — the services near the family's home, recorded on the family record (yes/no each).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NearbyServices {
    /// 康复训练 — rehabilitation.
    pub rehab: bool,
    /// 特殊教育 — special education.
    pub special_education: bool,
    /// 医疗 — medical care.
    pub medical: bool,
}

impl NearbyServices {
    /// How many of the three services are near (0–3).
    pub fn count(self) -> u8 {
        u8::from(self.rehab) + u8::from(self.special_education) + u8::from(self.medical)
    }
}

/// Whether placing the child with a family keeps the sibling group together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Together {
    /// The family already fosters a sibling of the child.
    WithSibling,
    /// The family can take the child with every sibling still waiting.
    WholeGroup,
    /// The child has no recorded sibling: nothing to keep together.
    NoSiblings,
    /// Placing here would split the group (no room for all, or a sibling fails the engine here).
    Splits,
}

impl Together {
    /// The code the page translates (`foster.together.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Together::WithSibling => "with_sibling",
            Together::WholeGroup => "whole_group",
            Together::NoSiblings => "no_siblings",
            Together::Splits => "splits",
        }
    }
}

/// What the ranking knows of one family.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub family: i64,
    pub professional: bool,
    pub volunteer: bool,
    pub services: NearbyServices,
    /// Open placements now (FOS-10 counts them).
    pub placed: i64,
    /// How many of the child's siblings this family fosters now.
    pub siblings_here: usize,
    /// Whether the engine passes with every waiting sibling (checked by the caller).
    pub siblings_pass: bool,
}

/// What the ranking knows of the child.
#[derive(Debug, Clone, Copy)]
pub struct ChildNeeds {
    /// A disability recorded in the archive (残疾类别).
    pub disabled: bool,
    /// Recorded siblings, whatever their status.
    pub siblings: usize,
    /// Siblings still in care at the institution, not yet placed (the ones to keep with the child).
    pub siblings_waiting: usize,
}

/// Whether this family keeps the child's siblings together. `max_children` is FOS-10's limit.
pub fn together(c: &Candidate, child: ChildNeeds, max_children: i64) -> Together {
    if child.siblings == 0 {
        return Together::NoSiblings;
    }
    if c.siblings_here > 0 {
        return Together::WithSibling;
    }
    let group = 1 + i64::try_from(child.siblings_waiting).unwrap_or(i64::MAX);
    // 以下 includes the number: a family with 0 of 2 can take a pair.
    if child.siblings_waiting > 0
        && c.siblings_pass
        && c.placed.saturating_add(group) <= max_children
    {
        return Together::WholeGroup;
    }
    Together::Splits
}

/// The families in ranking order (stable; see the module's doc for the keys).
pub fn rank(mut cands: Vec<Candidate>, child: ChildNeeds, max_children: i64) -> Vec<Candidate> {
    cands.sort_by_key(|c| {
        let t = together(c, child, max_children);
        let services = if child.disabled {
            c.services.count()
        } else {
            0
        };
        (
            t == Together::Splits,
            t != Together::WithSibling,
            std::cmp::Reverse(services),
            !c.professional,
            !c.volunteer,
            c.family,
        )
    });
    cands
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(family: i64) -> Candidate {
        Candidate {
            family,
            professional: false,
            volunteer: false,
            services: NearbyServices::default(),
            placed: 0,
            siblings_here: 0,
            siblings_pass: true,
        }
    }

    const ALONE: ChildNeeds = ChildNeeds {
        disabled: false,
        siblings: 0,
        siblings_waiting: 0,
    };

    fn order(cs: Vec<Candidate>, child: ChildNeeds) -> Vec<i64> {
        rank(cs, child, 2).into_iter().map(|c| c.family).collect()
    }

    #[test]
    fn services_raise_a_family_only_for_a_disabled_child() {
        let near = Candidate {
            services: NearbyServices {
                rehab: true,
                special_education: true,
                medical: false,
            },
            ..cand(2)
        };
        let disabled = ChildNeeds {
            disabled: true,
            ..ALONE
        };
        assert_eq!(order(vec![cand(1), near.clone()], disabled), vec![2, 1]);
        assert_eq!(order(vec![cand(1), near], ALONE), vec![1, 2]);
    }

    #[test]
    fn more_services_rank_higher_and_outrank_professional_for_a_disabled_child() {
        let one = Candidate {
            services: NearbyServices {
                medical: true,
                ..NearbyServices::default()
            },
            ..cand(1)
        };
        let three = Candidate {
            services: NearbyServices {
                rehab: true,
                special_education: true,
                medical: true,
            },
            ..cand(3)
        };
        let pro = Candidate {
            professional: true,
            ..cand(0)
        };
        let disabled = ChildNeeds {
            disabled: true,
            ..ALONE
        };
        assert_eq!(
            order(vec![pro.clone(), one.clone(), three.clone()], disabled),
            vec![3, 1, 0]
        );
        // Without a disability professional knowledge leads, then the record's age.
        assert_eq!(order(vec![three, one, pro], ALONE), vec![0, 1, 3]);
    }

    #[test]
    fn professional_then_volunteer_then_id() {
        let vol = Candidate {
            volunteer: true,
            ..cand(1)
        };
        let pro = Candidate {
            professional: true,
            ..cand(3)
        };
        assert_eq!(order(vec![cand(0), vol, pro], ALONE), vec![3, 1, 0]);
    }

    #[test]
    fn a_pair_goes_to_a_family_with_room_for_both() {
        let pair = ChildNeeds {
            disabled: false,
            siblings: 1,
            siblings_waiting: 1,
        };
        // Room for 2 of 2 (equal to the limit passes: 以下), room for 1 only splits.
        let empty = cand(5);
        let one_placed = Candidate {
            placed: 1,
            professional: true,
            ..cand(1)
        };
        assert_eq!(together(&empty, pair, 2), Together::WholeGroup);
        assert_eq!(together(&one_placed, pair, 2), Together::Splits);
        assert_eq!(order(vec![one_placed, empty], pair), vec![5, 1]);
    }

    #[test]
    fn a_sibling_failing_the_engine_here_splits() {
        let pair = ChildNeeds {
            disabled: false,
            siblings: 1,
            siblings_waiting: 1,
        };
        let fails = Candidate {
            siblings_pass: false,
            ..cand(1)
        };
        assert_eq!(together(&fails, pair, 2), Together::Splits);
    }

    #[test]
    fn a_family_fostering_a_sibling_ranks_first() {
        // The sibling is already placed: nobody waits, the family with the sibling leads.
        let placed_sibling = ChildNeeds {
            disabled: true,
            siblings: 1,
            siblings_waiting: 0,
        };
        let with = Candidate {
            placed: 1,
            siblings_here: 1,
            ..cand(9)
        };
        let near = Candidate {
            services: NearbyServices {
                rehab: true,
                special_education: true,
                medical: true,
            },
            ..cand(1)
        };
        assert_eq!(together(&with, placed_sibling, 2), Together::WithSibling);
        assert_eq!(together(&near, placed_sibling, 2), Together::Splits);
        assert_eq!(order(vec![near, with], placed_sibling), vec![9, 1]);
    }

    #[test]
    fn a_group_of_three_needs_room_for_three() {
        let three = ChildNeeds {
            disabled: false,
            siblings: 2,
            siblings_waiting: 2,
        };
        assert_eq!(together(&cand(1), three, 2), Together::Splits);
        assert_eq!(together(&cand(1), three, 3), Together::WholeGroup);
        assert_eq!(together(&cand(1), ALONE, 2), Together::NoSiblings);
    }
}
