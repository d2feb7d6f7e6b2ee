//! The permission matrix (role × action), in one place. Handlers ask `allowed(role, action)`;
//! a missing permission answers 403. Which *rows* a user may see is decided separately in `scope.rs`.

crate::code_enum! {
    /// Roles (角色). The codes are the ones used on the command line and stored in `users.role`.
    pub enum Role {
        /// 系统管理员
        Admin = "admin",
        /// 院长 — institution head
        Head = "head",
        /// 护理员 — caregiver
        Caregiver = "caregiver",
        /// 社工 — social worker
        SocialWorker = "social-worker",
        /// 医护/康复 — medical and rehabilitation staff
        Medical = "medical",
        /// 县级移交专员 — county transfer officer
        TransferOfficer = "transfer-officer",
        /// 收养登记员 — adoption registrar
        Registrar = "registrar",
        /// 民政监督 — civil-affairs supervisor, read-only over a division and everything below it
        Supervisor = "supervisor",
    }
}

pub const ALL_ROLES: &[Role] = Role::ALL;

impl Role {
    /// Catalogue key of the role's display name.
    pub fn label_key(self) -> String {
        format!("role.{}", self.code())
    }
    /// Supervisors belong to a division; admins to nothing; everyone else to one institution.
    pub fn home(self) -> RoleHome {
        match self {
            Role::Admin => RoleHome::Nothing,
            Role::Supervisor => RoleHome::Division,
            _ => RoleHome::Institution,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleHome {
    Nothing,
    Institution,
    Division,
}

/// What a user may try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Create and edit divisions' institutions.
    ManageInstitutions,
    /// Create, disable, reset users; revoke sessions.
    ManageUsers,
    /// Add effective-dated policy values.
    ManagePolicy,
    /// Read the audit log.
    ViewAudit,
    /// See the list of institutions in scope.
    ViewInstitutions,
    /// Read policy values.
    ViewPolicy,
    /// Run the daily job pass by hand.
    RunJobs,
    /// Read children's archives (within the institution scope).
    ViewChildren,
    /// Admit a child (入院).
    AdmitChild,
    /// Edit an archive's fields (with history).
    EditChild,
    /// Add documents to an archive.
    UploadDocument,
    /// Discharge a child (离院).
    DischargeChild,
    /// Approve or refuse requests to borrow or copy an archive.
    DecideArchiveRequest,
    /// Print or export an archive.
    PrintArchive,
    /// Set or clear a restriction flag on an archive.
    RestrictArchive,
    /// Define restriction kinds.
    ManageRestrictionKinds,
    /// See a child's property in custody (代管财产: amounts, lines, receipts).
    ViewCustody,
    /// Record deposits and withdrawals of a child's property in custody (民法典 第35条).
    ManageCustody,
    /// See transfers of one's institution (or division, for supervisors).
    ViewTransfers,
    /// Create and submit transfers from a county institution.
    SendTransfers,
    /// Act on a transfer for one's own institution (create, submit, hand over, receive). Supervisors
    /// read transfers and never act on them.
    ActOnTransfers,
    /// Accept or return a batch for the receiving institution.
    DecideIncomingTransfers,
    /// Complete a child's handover and waive mandatory items (the receiving head).
    CompleteHandover,
    /// Stop a transfer under way for one's own side: cancel an accepted batch, or take a child out of a
    /// submitted or accepted batch, each with a reason (the head of either institution; issue 10 point 13).
    StopTransfer,
    /// Preview the archive of a child offered to one's institution.
    PreviewIncomingChild,
    /// The oversight page and CSV (应移送未移送 / 应接收未接收 / overdue / discrepancies).
    OverseeTransfers,
    /// Edit the handover checklist template (new versions).
    ManageTransferTemplates,
    // adoption (收养)
    /// Ask the eligibility engine (收养条件审查, 民法典 第1098–1104条), saving nothing.
    CheckAdoptionEligibility,
    /// See adoption records in scope: the registrar its bureau's applications, institution staff their
    /// own children's adoption status and outcome, supervisors their division (read-only).
    ViewAdoptions,
    /// Mark an institution child as available for adoption (送养) with its legal basis (placing side).
    MarkAdoptable,
    /// Keep the applicants' file, the assessment and the registration (收养登记员).
    ManageAdoptions,
    // --- adulthood (成年后安置, issue 16) ---
    /// See the adulthood page, a young person's assessment, plan and checklist (institution staff who
    /// prepare the young people; supervisors and the responsible county read).
    ViewAdulthood,
    /// Record deferrals, assessments, draft plans, checklist items, follow-ups and grants; discharge a
    /// placed young adult (the institution's social workers and head).
    ActOnAdulthood,
    /// Submit the one-person plan (一人一案) to the civil-affairs department (the head).
    SubmitAdulthoodPlan,
    /// Approve or return a submitted plan (the civil-affairs department: supervisors).
    DecideAdulthoodPlan,
    /// The oversight page by placing authority, with exports.
    OverseeAdulthood,
    // foster (issue 12)
    /// See foster families, placements and the eligibility engine (家庭寄养).
    ViewFoster,
    /// Work a foster family's file: application, assessment, training, agreement, matching,
    /// placement, visits, termination (the institution's social workers and head).
    ActOnFoster,
    /// Approve or refuse a foster family at the review step (审核) — the head only.
    DecideFoster,
    /// The foster oversight page (heads for their institution, supervisors for their division).
    OverseeFoster,
    // care module (issue 14)
    /// Read a child's care records (养治教康): the plan, assessments, medical records, growth, orders.
    /// Caregivers see the daily-care and medical parts and the medication orders only.
    ViewCare,
    /// Draft, revise and submit a child's individual care plan and record its reviews (the social worker's).
    DraftCarePlan,
    /// Approve or return a submitted care plan (the head).
    ApproveCarePlan,
    /// Record medical records: visits, hospitalisations, conditions, immunisations, growth, medication orders.
    RecordMedical,
    /// Record periodic assessments (development, mental health, illness, disability).
    RecordAssessment,
    // care module, second part (issue 14 points 4–6)
    /// Record rehabilitation sessions, targets and assistive devices (康复).
    RecordRehab,
    /// Record school placements, term results and education goals (教育).
    RecordEducation,
    /// Record social-work notes, counselling, family tracing and the child's wishes (社会工作).
    RecordSocialWork,
    /// The 控辍保学 list and the yearly report of school-age children to the education bureau.
    ViewEducationList,
    // caregiver shift (issue 15)
    /// Work a shift on a unit (护理员的班次): the round, the daily care log, medication rounds (MAR),
    /// handovers.
    RecordShift,
    /// Create living units, place children in beds, roster caregivers (the head).
    ManageUnits,
    /// See units and their occupancy, the head's day (missed doses, unacknowledged handovers).
    OverseeShift,
    /// Review a missed-dose alert (MAR-03): medical staff and the head.
    ReviewMissedDose,
    /// Print a child's monthly MAR sheet.
    PrintMar,
    // oversight module (issue 17)
    /// The oversight dashboard and its tables (supervisors for their division, heads for their
    /// institution): aggregate numbers only, no names (STAT-04).
    ViewOversight,
    /// Download the quarterly statistical extract (季报, JBZH0001 layout) as XLSX.
    ExportStatistics,
    /// Import an institution's existing child list from Excel (issue 17 point 5).
    ImportChildren,
    // oversight allowances (issue 17 point 3)
    /// The monthly allowance roster (基本生活费发放名册) of an institution, naming the children paid:
    /// supervisors for their division's institutions, heads for their own.
    ViewAllowanceRoster,
    // caregiver shift: incidents (issue 15 point 6)
    /// Record an incident (事件登记) and read the institution's incidents that name no staff member.
    RecordIncident,
    /// Review an incident the head was notified of (closes the task).
    ReviewIncident,
    /// Read incidents naming a staff member (涉及工作人员的事件): the head and the supervisor only.
    SeeStaffIncidents,
    // adoption (issue 13 point 5, ADP-26): the registrar's lawful read
    /// Open a child's archive page: everyone who reads archives (`ViewChildren`, within the institution
    /// scope) and the adoption registrar, who reaches a child only on a lawful ground a module registers
    /// in `crate::modules::LAWFUL_READS` (404 otherwise) and only with a stated purpose.
    OpenChildArchive,
    // oversight duties (issue 17 point 4)
    /// File a month's allowance roster as paid (报送发放名册): the head of the paying institution.
    FileAllowanceRoster,
    /// Resolve an item of the 应退未退 comparison (seed 002: the county civil-affairs department's
    /// quarterly comparison): the supervisor.
    ResolveOverpayment,
    // care appointments (issue 15 point 2b)
    /// Plan and cancel a child's appointments (预约外出: hospital visits, rehabilitation, school meetings).
    ManageAppointments,
    // oversight spot check (issue 17 point 4; seed 002 每年开展一次档案抽查)
    /// Read the year's archive spot check: the supervisor (their division), the head (their institution).
    ViewSpotCheck,
    /// Start the year's check, mark the checklists, close findings: the supervisor.
    RunSpotCheck,
    /// Record the correction of a finding in their own institution's archive: the head.
    CorrectSpotCheckFinding,
    // oversight progress report (issue 17 point 4; seed 003 每年11月底前将工作进展情况报送)
    /// Draft, edit and file the division's yearly progress report, and read the reports the divisions
    /// below filed: the supervisor.
    FileProgressReport,
}

/// The matrix. Every arm is explicit so adding a role forces a decision for every action.
pub fn allowed(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ManageInstitutions | ManageUsers | ManagePolicy | RunJobs => role == Admin,
        ViewAudit => role == Admin,
        ViewInstitutions => matches!(
            role,
            Admin | Head | Supervisor | TransferOfficer | Registrar
        ),
        ViewPolicy => matches!(
            role,
            Admin | Head | SocialWorker | Registrar | Supervisor | TransferOfficer
        ),
        // Children's data: institution staff and supervisors (read-only); the system admin manages the
        // system, not children, so sees no archive.
        ViewChildren => matches!(
            role,
            Head | Caregiver | SocialWorker | Medical | TransferOfficer | Supervisor
        ),
        AdmitChild | EditChild | DischargeChild => matches!(role, Head | SocialWorker),
        UploadDocument => matches!(role, Head | SocialWorker | Medical | Caregiver),
        DecideArchiveRequest | RestrictArchive => role == Head,
        PrintArchive => matches!(role, Head | SocialWorker | Supervisor),
        ManageRestrictionKinds => role == Admin,
        // 代管财产 (民法典 第35条): the head answers for the ward's property and records every line; the
        // social workers and the transfer officer (who prepare the handover) and supervisors read it.
        // Caregivers do not see amounts (daily care does not need them), the admin sees no child.
        ViewCustody => matches!(role, Head | SocialWorker | TransferOfficer | Supervisor),
        ManageCustody => role == Head,
        ViewTransfers => matches!(role, Head | SocialWorker | TransferOfficer | Supervisor),
        SendTransfers => matches!(role, Head | TransferOfficer),
        ActOnTransfers => matches!(role, Head | SocialWorker | TransferOfficer),
        DecideIncomingTransfers | PreviewIncomingChild => matches!(role, Head | SocialWorker),
        CompleteHandover | StopTransfer => role == Head,
        OverseeTransfers => role == Supervisor,
        ManageTransferTemplates => role == Admin,
        // adoption (收养): the registrar of the county civil-affairs bureau decides; the placing
        // institution's head and social workers mark children available; supervisors read.
        CheckAdoptionEligibility => matches!(role, Registrar | Head | SocialWorker | Supervisor),
        ViewAdoptions => matches!(role, Registrar | Head | SocialWorker | Supervisor),
        MarkAdoptable => matches!(role, Head | SocialWorker),
        ManageAdoptions => role == Registrar,
        // 成年后安置: the institution prepares (social workers, head); the head submits the plan to the
        // civil-affairs department, which approves or returns it (宣城市实施细则 ADU-03) — the one act a
        // supervisor performs; the admin sees no child; caregivers, medical staff, transfer officers and
        // registrars have no part in it.
        ViewAdulthood => matches!(role, Head | SocialWorker | Supervisor),
        ActOnAdulthood => matches!(role, Head | SocialWorker),
        SubmitAdulthoodPlan => role == Head,
        DecideAdulthoodPlan | OverseeAdulthood => role == Supervisor,
        // foster (issue 12): the foster work belongs to social workers and heads; supervisors read;
        // caregivers, medical staff, registrars, the transfer officer and the admin see no foster file.
        ViewFoster => matches!(role, Head | SocialWorker | Supervisor),
        ActOnFoster => matches!(role, Head | SocialWorker),
        DecideFoster => role == Head,
        OverseeFoster => matches!(role, Head | Supervisor),
        // care module (issue 14). Institution staff read (caregivers a daily-care subset, decided in
        // the care views), supervisors read; the admin sees no child, the transfer officer and the
        // registrar have no care duty.
        ViewCare => matches!(role, Head | Caregiver | SocialWorker | Medical | Supervisor),
        // The plan is the social worker's (issue 14 point 1); the head approves, so never drafts own.
        DraftCarePlan => role == SocialWorker,
        ApproveCarePlan => role == Head,
        RecordMedical => role == Medical,
        // Medical staff assess illness, disability and development; social workers run the
        // psychological screening (seed 002 心理健康测评).
        RecordAssessment => matches!(role, Medical | SocialWorker),
        // Rehabilitation is recorded by the medical and rehabilitation staff (医护/康复, one role).
        RecordRehab => role == Medical,
        // Education: there is no teacher role; the social worker is the institution's liaison with the
        // schools (seed 004 纳入学籍管理) and records placements, results and goals.
        RecordEducation => role == SocialWorker,
        RecordSocialWork => role == SocialWorker,
        // The 控辍保学 list is the head's task; social workers keep it; supervisors read it.
        ViewEducationList => matches!(role, Head | SocialWorker | Supervisor),
        // caregiver shift (issue 15): caregivers and medical staff (who also give medicines) work the
        // round; the head runs the units and oversees the day; supervisors read the day and the
        // occupancy; social workers, transfer officers, registrars and the admin have no ward duty.
        RecordShift => matches!(role, Caregiver | Medical),
        ManageUnits => role == Head,
        OverseeShift => matches!(role, Head | Supervisor),
        ReviewMissedDose => matches!(role, Medical | Head),
        PrintMar => matches!(role, Head | Medical | Caregiver | Supervisor),
        // oversight module (issue 17): the civil-affairs supervisor oversees a division, the head their
        // own institution (the users); the admin sees no child data, not even counted; the other
        // roles have their own modules' lists.
        ViewOversight | ExportStatistics => matches!(role, Head | Supervisor),
        // oversight import (issue 17 point 5): the head takes the existing list into their own
        // institution (the intake's own checks apply per row); the supervisor only reads, the social
        // worker admits one child at a time through the form.
        ImportChildren => role == Head,
        // oversight allowances (issue 17 point 3): the roster is the civil-affairs department's payment
        // document and the head's own institution's list; the admin enters the standards on /policy
        // (ManagePolicy) but sees no child; other roles have no payment duty.
        ViewAllowanceRoster => matches!(role, Head | Supervisor),
        // caregiver shift: incidents (issue 15 point 6). Whoever is on the ward records (caregivers,
        // medical staff, the head); the social worker also records, being with the children daily.
        // The head reviews; an incident naming a staff member is for the head and the supervisor only
        // (the issue), so a colleague — or the staff member named — never sees it.
        RecordIncident => matches!(role, Caregiver | Medical | Head | SocialWorker),
        ReviewIncident => role == Head,
        SeeStaffIncidents => matches!(role, Head | Supervisor),
        // adoption (issue 13 point 5, ADP-26): the archive page's own gate. The roles of ViewChildren
        // (their institution scope applies) and the registrar, whose every child is 404 unless a lawful
        // ground holds for that child (`archive::interface_lawful`); the admin sees no child.
        OpenChildArchive => matches!(
            role,
            Head | Caregiver | SocialWorker | Medical | TransferOfficer | Supervisor | Registrar
        ),
        // oversight duties (issue 17 point 4): the head files the roster of their own institution (the
        // institution draws it up and reports it as paid); the supervisor reads it and resolves the
        // 应退未退 items (the comparison is the civil-affairs department's duty, seed 002); the admin sees
        // no child; other roles have no payment duty.
        FileAllowanceRoster => role == Head,
        ResolveOverpayment => role == Supervisor,
        // care appointments (issue 15 point 2b): those who arrange what happens outside the ward —
        // medical staff (hospital, rehabilitation), social workers (school, offices) and the head.
        // Caregivers see them on the round but do not plan them; the supervisor reads the care page
        // (ViewCare) and plans nothing; other roles have no care duty.
        ManageAppointments => matches!(role, Medical | SocialWorker | Head),
        // oversight spot check (issue 17 point 4): the check is the civil-affairs department's duty
        // (seed 002), the institution corrects what it finds; the admin sets the policy values but sees
        // no child; other roles have no part in it.
        ViewSpotCheck => matches!(role, Head | Supervisor),
        RunSpotCheck => role == Supervisor,
        FileProgressReport => role == Supervisor,
        CorrectSpotCheckFinding => role == Head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn role_names_round_trip() {
        for &r in ALL_ROLES {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
    #[test]
    fn only_admin_manages() {
        for &r in ALL_ROLES {
            assert_eq!(allowed(r, Action::ManageUsers), r == Role::Admin, "{r:?}");
            assert_eq!(allowed(r, Action::ManagePolicy), r == Role::Admin, "{r:?}");
        }
        assert!(!allowed(Role::Caregiver, Action::ViewAudit));
        assert!(!allowed(Role::Supervisor, Action::ViewAudit));
    }
}
