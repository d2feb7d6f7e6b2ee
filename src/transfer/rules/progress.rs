//! Where a batch stands, for the step indicator (进度): the steps, which one is current, and whose turn
//! it is. Pure.

use super::{BatchState, Side};

/// The steps every batch goes through, in order.
pub const STEPS: [BatchState; 4] = [
    BatchState::Draft,
    BatchState::Submitted,
    BatchState::Accepted,
    BatchState::Completed,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Done,
    Current,
    Todo,
}

impl StepStatus {
    pub fn code(self) -> &'static str {
        match self {
            StepStatus::Done => "done",
            StepStatus::Current => "current",
            StepStatus::Todo => "todo",
        }
    }
}

/// Each step with its status. A returned batch is back at the draft step; a cancelled one has no
/// current step (everything it reached is done, the rest will not happen).
pub fn steps(state: BatchState) -> Vec<(BatchState, StepStatus)> {
    let at = match state {
        BatchState::Returned => Some(0),
        BatchState::Cancelled => None,
        s => STEPS.iter().position(|x| *x == s),
    };
    STEPS
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let status = match at {
                Some(a) if i < a => StepStatus::Done,
                Some(a) if i == a && state == BatchState::Completed => StepStatus::Done,
                Some(a) if i == a => StepStatus::Current,
                _ => StepStatus::Todo,
            };
            (*s, status)
        })
        .collect()
}

/// Whose move it is: the sender drafts and corrects, the receiver decides, both work through the
/// checklist once accepted; nobody's once completed or cancelled.
pub fn whose_turn(state: BatchState) -> Vec<Side> {
    match state {
        BatchState::Draft | BatchState::Returned => vec![Side::Sender],
        BatchState::Submitted => vec![Side::Receiver],
        BatchState::Accepted => vec![Side::Sender, Side::Receiver],
        BatchState::Completed | BatchState::Cancelled => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn codes(state: BatchState) -> Vec<&'static str> {
        steps(state).into_iter().map(|(_, s)| s.code()).collect()
    }
    #[test]
    fn each_state_marks_its_step() {
        assert_eq!(
            codes(BatchState::Draft),
            ["current", "todo", "todo", "todo"]
        );
        assert_eq!(
            codes(BatchState::Returned),
            ["current", "todo", "todo", "todo"]
        );
        assert_eq!(
            codes(BatchState::Submitted),
            ["done", "current", "todo", "todo"]
        );
        assert_eq!(
            codes(BatchState::Accepted),
            ["done", "done", "current", "todo"]
        );
        assert_eq!(
            codes(BatchState::Completed),
            ["done", "done", "done", "done"]
        );
        assert_eq!(
            codes(BatchState::Cancelled),
            ["todo", "todo", "todo", "todo"]
        );
    }
    #[test]
    fn turns() {
        assert_eq!(whose_turn(BatchState::Draft), [Side::Sender]);
        assert_eq!(whose_turn(BatchState::Submitted), [Side::Receiver]);
        assert_eq!(
            whose_turn(BatchState::Accepted),
            [Side::Sender, Side::Receiver]
        );
        assert!(whose_turn(BatchState::Completed).is_empty());
    }
}
