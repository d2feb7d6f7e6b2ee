//! Why the adoption service refused something the user can fix, typed: each refusal names its stable
//! code, its catalogue message and the form field it belongs beside (see transfer's `Refused`).

use crate::platform::FieldErrors;

crate::code_enum! {
    /// A refusal of the adoption service.
    pub enum Refused {
        /// Choose a child of one's own institution that is still in care.
        Child = "child",
        /// The child is already marked available, or has an open application.
        AlreadyOpen = "already_open",
        Category = "category",
        /// ADP-15: a parents-unknown child needs the public notice (start date and medium).
        NoticeStart = "notice_start",
        NoticeMedium = "notice_medium",
        /// ADP-29: the police certificate of a trafficking-rescued child, 12 months after entering care.
        PoliceCertificate = "police_certificate",
        Date = "date",
        /// ADP-17: the child's institution is not in the bureau's area.
        Jurisdiction = "jurisdiction",
        ApplicantName = "applicant_name",
        ApplicantBirth = "applicant_birth",
        ApplicantSex = "applicant_sex",
        ChildrenCount = "children_count",
        Relation = "relation",
        /// Registration: the conditions are not met (the eligibility failures are listed).
        NotEligible = "not_eligible",
        /// ADP-15: the notice period has not run out.
        NoticeRunning = "notice_running",
        /// 登记办法 第5条: every applicant attends in person.
        Attendance = "attendance",
        Certificate = "certificate",
        Reasons = "reasons",
        /// The application is already decided.
        Decided = "decided",
        Confirm = "confirm",
        /// ADP-18 (登记办法 第6条): a required document of the applicants is missing.
        Documents = "documents",
    }
}

impl Refused {
    /// The form field the message is shown beside.
    pub fn field(self) -> &'static str {
        use Refused::*;
        match self {
            Child | AlreadyOpen | Jurisdiction => "child",
            Category => "category",
            NoticeStart => "notice_start",
            NoticeMedium => "notice_medium",
            PoliceCertificate => "police_certificate",
            Date => "date",
            ApplicantName => "a1_name",
            ApplicantBirth => "a1_birth_date",
            ApplicantSex => "a1_sex",
            ChildrenCount => "a1_children_count",
            Relation => "relation",
            NotEligible | Decided => "decision",
            NoticeRunning => "decision",
            Attendance => "attended",
            Certificate => "certificate_no",
            Reasons => "reasons",
            Confirm => "confirm",
            Documents => "documents",
        }
    }
    /// The catalogue key of the message.
    pub fn key(self) -> String {
        format!("adoption.err.{}", self.code())
    }
    /// Add this refusal to a form's errors, in the reader's language.
    pub fn add_to(self, e: &mut FieldErrors, tr: &crate::platform::Catalogue) {
        e.add(self.field(), tr.t(&self.key()).to_string());
    }
}
