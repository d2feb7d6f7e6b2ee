//! The five steps in order (家庭寄养管理办法 第12条, FOS-14): 申请 → 评估 → 审核(+备案) → 培训 → 签约.
//! A step cannot be skipped or done twice; refusal at any step before the agreement closes the
//! application with reasons (the family may apply again later, as a new application). Pure.

crate::code_enum! {
    /// Where the family is on the five-step path.
    pub enum Stage {
        /// 申请 — the written application is recorded.
        Applied = "applied",
        /// 评估 — the on-site assessment is recorded.
        Assessed = "assessed",
        /// 审核 — approved by the head and reported for record (备案).
        Approved = "approved",
        /// 培训 — the main caregiver's training reached the policy minimum.
        Trained = "trained",
        /// 签约 — the agreement is signed: the family may take children.
        Signed = "signed",
        /// Refused at a step, with reasons: the application is closed.
        Refused = "refused",
    }
}

crate::code_enum! {
    /// What a user asks to do on the path.
    pub enum Step {
        Assess = "assess",
        Approve = "approve",
        Train = "train",
        Sign = "sign",
        Refuse = "refuse",
    }
}

/// Why a step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRefusal {
    /// The step was already done (or the path is past it).
    AlreadyDone,
    /// An earlier step is still missing (no skipping).
    TooEarly,
    /// The application is closed (refused) or the agreement is signed: nothing more on this path.
    Closed,
}

fn order(s: Stage) -> u8 {
    match s {
        Stage::Applied => 0,
        Stage::Assessed => 1,
        Stage::Approved => 2,
        Stage::Trained => 3,
        Stage::Signed => 4,
        Stage::Refused => 9,
    }
}

/// The stage a step leads to from `from`, or why it cannot be done now.
pub fn transition(from: Stage, step: Step) -> Result<Stage, StepRefusal> {
    if from == Stage::Refused {
        return Err(StepRefusal::Closed);
    }
    let (needs, to) = match step {
        Step::Refuse => {
            // 第12条: refusal closes the application at any step before the agreement.
            return if from == Stage::Signed {
                Err(StepRefusal::Closed)
            } else {
                Ok(Stage::Refused)
            };
        }
        Step::Assess => (Stage::Applied, Stage::Assessed),
        Step::Approve => (Stage::Assessed, Stage::Approved),
        Step::Train => (Stage::Approved, Stage::Trained),
        Step::Sign => (Stage::Trained, Stage::Signed),
    };
    if from == needs {
        Ok(to)
    } else if order(from) < order(needs) {
        Err(StepRefusal::TooEarly)
    } else {
        Err(StepRefusal::AlreadyDone)
    }
}

/// Whether the training hours recorded reach the policy minimum (FOS-14 培训; 以上: equal is enough).
pub fn training_complete(hours_tenths: &[i64], min_hours: i64) -> bool {
    hours_tenths.iter().sum::<i64>() >= min_hours * 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_steps_in_order_and_no_skipping() {
        assert_eq!(
            transition(Stage::Applied, Step::Assess),
            Ok(Stage::Assessed)
        );
        assert_eq!(
            transition(Stage::Assessed, Step::Approve),
            Ok(Stage::Approved)
        );
        assert_eq!(transition(Stage::Approved, Step::Train), Ok(Stage::Trained));
        assert_eq!(transition(Stage::Trained, Step::Sign), Ok(Stage::Signed));
        assert_eq!(
            transition(Stage::Applied, Step::Approve),
            Err(StepRefusal::TooEarly)
        );
        assert_eq!(
            transition(Stage::Applied, Step::Sign),
            Err(StepRefusal::TooEarly)
        );
        assert_eq!(
            transition(Stage::Assessed, Step::Train),
            Err(StepRefusal::TooEarly)
        );
        assert_eq!(
            transition(Stage::Approved, Step::Sign),
            Err(StepRefusal::TooEarly)
        );
    }

    #[test]
    fn no_step_twice() {
        assert_eq!(
            transition(Stage::Assessed, Step::Assess),
            Err(StepRefusal::AlreadyDone)
        );
        assert_eq!(
            transition(Stage::Approved, Step::Approve),
            Err(StepRefusal::AlreadyDone)
        );
        assert_eq!(
            transition(Stage::Signed, Step::Sign),
            Err(StepRefusal::AlreadyDone)
        );
        assert_eq!(
            transition(Stage::Signed, Step::Assess),
            Err(StepRefusal::AlreadyDone)
        );
    }

    #[test]
    fn refusal_closes_at_any_step_before_the_agreement() {
        for s in [
            Stage::Applied,
            Stage::Assessed,
            Stage::Approved,
            Stage::Trained,
        ] {
            assert_eq!(transition(s, Step::Refuse), Ok(Stage::Refused), "{s:?}");
        }
        assert_eq!(
            transition(Stage::Signed, Step::Refuse),
            Err(StepRefusal::Closed)
        );
        for step in Step::ALL {
            assert_eq!(transition(Stage::Refused, *step), Err(StepRefusal::Closed));
        }
    }

    #[test]
    fn training_minimum_is_inclusive() {
        assert!(!training_complete(&[], 8));
        assert!(!training_complete(&[40, 39], 8), "7.9 hours");
        assert!(training_complete(&[40, 40], 8), "8 hours exactly");
        assert!(training_complete(&[90], 8));
    }
}

crate::code_enum! {
    /// Grounds for ending a placement (解除). Family side FOS-19 (the first five are mandatory grounds:
    /// the institution must end the placement), the family's own request FOS-21; child side FOS-20.
    pub enum EndReason {
        /// 虐待、歧视寄养儿童
        Abuse = "abuse",
        /// 家庭成员健康或品行不再符合第8条第(三)(四)项
        HealthConduct = "health_conduct",
        /// 家庭发生重大变故，无法继续寄养
        MajorChange = "major_change",
        /// 借机对外募款敛财
        Fundraising = "fundraising",
        /// 不履行协议约定的其他义务
        Breach = "breach",
        /// 寄养家庭提出解除（提前一个月书面通知，FOS-21）
        FamilyRequest = "family_request",
        /// 儿童与寄养家庭关系恶化，确实无法共同生活
        RelationshipBreakdown = "relationship_breakdown",
        /// 儿童被依法收养、被亲生父母或其他监护人认领
        AdoptedOrReclaimed = "adopted_or_reclaimed",
        /// 儿童因就医、就学等特殊原因需要解除
        MedicalSchooling = "medical_schooling",
    }
}

impl EndReason {
    /// The side the ground belongs to: `family` (FOS-19/21) or `child` (FOS-20).
    pub fn side(self) -> &'static str {
        match self {
            EndReason::RelationshipBreakdown
            | EndReason::AdoptedOrReclaimed
            | EndReason::MedicalSchooling => "child",
            _ => "family",
        }
    }
    /// A ground on which the institution must end the placement (FOS-19).
    pub fn mandatory(self) -> bool {
        matches!(
            self,
            EndReason::Abuse
                | EndReason::HealthConduct
                | EndReason::MajorChange
                | EndReason::Fundraising
                | EndReason::Breach
        )
    }
}

#[cfg(test)]
mod end_tests {
    use super::*;
    #[test]
    fn end_reasons_by_side_and_mandatory_grounds() {
        assert_eq!(EndReason::Abuse.side(), "family");
        assert!(EndReason::Abuse.mandatory() && EndReason::Fundraising.mandatory());
        assert!(!EndReason::FamilyRequest.mandatory());
        assert_eq!(EndReason::FamilyRequest.side(), "family");
        for r in [
            EndReason::RelationshipBreakdown,
            EndReason::AdoptedOrReclaimed,
            EndReason::MedicalSchooling,
        ] {
            assert_eq!(r.side(), "child");
            assert!(!r.mandatory());
        }
    }
}
