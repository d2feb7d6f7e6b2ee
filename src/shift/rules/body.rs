//! The body map of an incident (体表伤情图, issue 15 point 6), pure: the regions of a simple front/back
//! figure, which side each region is on, and the kinds of mark. No I/O; the incident module stores a
//! mark only when [`on_side`] holds, so the figure never shows a chest on the back.
//!
//! BODY-01 (house rule): a mark names one side (front / back), one region of that side (with left or
//! right where the body has two), a kind and a short note — what the caregiver saw, not a diagnosis.

crate::code_enum! {
    /// The side of the figure (正面 / 背面).
    pub enum Side {
        Front = "front",
        Back = "back",
    }
}

crate::code_enum! {
    /// A region of the figure (身体部位).
    pub enum Region {
        Head = "head",
        Face = "face",
        Neck = "neck",
        Chest = "chest",
        Abdomen = "abdomen",
        /// 背部 (the back side only)
        Back = "back",
        /// 臀部 (the back side only)
        Buttocks = "buttocks",
        ArmLeft = "arm_left",
        ArmRight = "arm_right",
        HandLeft = "hand_left",
        HandRight = "hand_right",
        LegLeft = "leg_left",
        LegRight = "leg_right",
        FootLeft = "foot_left",
        FootRight = "foot_right",
    }
}

crate::code_enum! {
    /// What was seen (伤情类型).
    pub enum MarkKind {
        /// 淤青
        Bruise = "bruise",
        /// 割伤/擦伤
        Cut = "cut",
        /// 烫伤/烧伤
        Burn = "burn",
        /// 肿胀
        Swelling = "swelling",
        Other = "other",
    }
}

/// BODY-01: whether a region is on a side of the figure. Face, chest and abdomen are seen from the
/// front only; the back and the buttocks from the back only; the rest from both.
pub fn on_side(region: Region, side: Side) -> bool {
    match region {
        Region::Face | Region::Chest | Region::Abdomen => side == Side::Front,
        Region::Back | Region::Buttocks => side == Side::Back,
        _ => true,
    }
}

/// The note of a mark: required, one short line (at most `max` characters, no control characters).
pub fn note_ok(note: &str, max: usize) -> bool {
    let n = note.trim();
    !n.is_empty() && n.chars().count() <= max && !n.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_region_is_on_its_sides_only() {
        for r in Region::ALL {
            let both = on_side(*r, Side::Front) && on_side(*r, Side::Back);
            let front_only = on_side(*r, Side::Front) && !on_side(*r, Side::Back);
            let back_only = !on_side(*r, Side::Front) && on_side(*r, Side::Back);
            assert!(both || front_only || back_only, "{r:?} is on no side");
            match r {
                Region::Face | Region::Chest | Region::Abdomen => assert!(front_only, "{r:?}"),
                Region::Back | Region::Buttocks => assert!(back_only, "{r:?}"),
                _ => assert!(both, "{r:?}"),
            }
        }
    }

    #[test]
    fn left_and_right_are_distinct_codes() {
        assert_eq!(Region::parse("arm_left"), Some(Region::ArmLeft));
        assert_eq!(Region::parse("arm_right"), Some(Region::ArmRight));
        assert_eq!(Region::parse("arm"), None);
        assert_eq!(MarkKind::parse("bite"), None);
        assert_eq!(Side::parse("side"), None);
    }

    #[test]
    fn a_note_is_one_short_line() {
        assert!(note_ok("左上臂 2 cm 淤青", 200));
        assert!(note_ok(&"a".repeat(200), 200));
        assert!(!note_ok(&"a".repeat(201), 200));
        assert!(!note_ok("   ", 200));
        assert!(!note_ok("line\nbreak", 200));
    }
}
