//! 组织生活 commands: the year's meetings (list, calendar, search), the record form with its expected
//! attendance, details and attachments, templates, 谈心谈话, 志愿服务, trainings, 民主评议 and 学时.

use chrono::NaiveDate;
use tauri::State;
use zhibu_core::app::meetings::{
    self, ActivityDetail, ActivityFields, ActivityFilter, ActivityRow, Attachment, CalendarDay, EvaluationEntry,
    EvaluationRow, ExpectedAttendees, HeartTalkFields, MeetingTemplate, SearchHit, StudyHoursReport, TemplateFields,
    TrainingFields, TrainingRow, VolunteerFields, VoteCandidate,
};
use zhibu_core::model::vote::VoteFigures;
use zhibu_core::model::ActivityType;
use zhibu_core::Problem;

use super::{today, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_activities(state: State<'_, AppState>, filter: ActivityFilter) -> Reply<Vec<ActivityRow>> {
    state.with(|l| meetings::list_activities(l, &filter))
}

#[tauri::command]
#[specta::specta]
pub async fn activity_calendar(state: State<'_, AppState>, filter: ActivityFilter) -> Reply<Vec<CalendarDay>> {
    state.with(|l| meetings::activity_calendar(l, &filter))
}

#[tauri::command]
#[specta::specta]
pub async fn search_activities(
    state: State<'_, AppState>,
    query: String,
    org_id: Option<i64>,
) -> Reply<Vec<SearchHit>> {
    state.with(|l| meetings::search_activities(l, &query, org_id, 200))
}

#[tauri::command]
#[specta::specta]
pub async fn activity_detail(state: State<'_, AppState>, id: i64) -> Reply<ActivityDetail> {
    state.with(|l| meetings::activity_detail(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn expected_attendees(
    state: State<'_, AppState>,
    org_id: i64,
    types: Vec<ActivityType>,
    group_id: Option<i64>,
    date: NaiveDate,
) -> Reply<ExpectedAttendees> {
    state.with(|l| meetings::expected_attendees(l, org_id, &types, group_id, date))
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_vote_candidates(state: State<'_, AppState>, org_id: i64) -> Reply<Vec<VoteCandidate>> {
    state.with(|l| meetings::vote_candidates(l, org_id))
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_vote_defaults(state: State<'_, AppState>, fields: ActivityFields) -> Reply<VoteFigures> {
    state.with(|l| meetings::vote_defaults(l, fields))
}

#[tauri::command]
#[specta::specta]
pub async fn check_activity(state: State<'_, AppState>, fields: ActivityFields) -> Reply<Vec<Problem>> {
    state.with(|l| meetings::check_activity(l, fields, today()))
}

/// The warnings to confirm before saving a sitting (no one present, no 主持人, no 内容); empty: save.
#[tauri::command]
#[specta::specta]
pub async fn meeting_warnings(state: State<'_, AppState>, fields: ActivityFields) -> Reply<Vec<Problem>> {
    state.with(|l| meetings::meeting_warnings(l, fields, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn record_activity(state: State<'_, AppState>, fields: ActivityFields) -> Reply<i64> {
    state.with(|l| meetings::record_activity(l, fields, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_activity(state: State<'_, AppState>, id: i64, fields: ActivityFields) -> Reply<()> {
    state.with(|l| meetings::update_activity(l, id, fields, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_activity(state: State<'_, AppState>, id: i64) -> Reply<i64> {
    state.with(|l| meetings::delete_activity(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_activity(state: State<'_, AppState>, bin_id: i64) -> Reply<i64> {
    state.with(|l| meetings::restore_activity(l, bin_id))
}

#[tauri::command]
#[specta::specta]
pub async fn record_heart_talk(state: State<'_, AppState>, talk: HeartTalkFields) -> Reply<i64> {
    state.with(|l| meetings::record_heart_talk(l, talk, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn record_volunteer(state: State<'_, AppState>, service: VolunteerFields) -> Reply<i64> {
    state.with(|l| meetings::record_volunteer(l, service, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn add_attachment(state: State<'_, AppState>, activity_id: i64, path: String) -> Reply<Attachment> {
    state.with(|l| meetings::add_attachment(l, activity_id, std::path::Path::new(&path)))
}

#[tauri::command]
#[specta::specta]
pub async fn remove_attachment(state: State<'_, AppState>, id: i64) -> Reply<i64> {
    state.with(|l| meetings::remove_attachment(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn list_templates(state: State<'_, AppState>, org_id: i64) -> Reply<Vec<MeetingTemplate>> {
    state.with(|l| meetings::list_templates(l, org_id))
}

#[tauri::command]
#[specta::specta]
pub async fn save_template(
    state: State<'_, AppState>,
    id: Option<i64>,
    fields: TemplateFields,
) -> Reply<MeetingTemplate> {
    state.with(|l| meetings::save_template(l, id, fields))
}

#[tauri::command]
#[specta::specta]
pub async fn apply_template(state: State<'_, AppState>, id: i64, date: NaiveDate) -> Reply<ActivityFields> {
    state.with(|l| meetings::apply_template(l, id, date))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_template(state: State<'_, AppState>, id: i64) -> Reply<i64> {
    state.with(|l| meetings::delete_template(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn study_hours(state: State<'_, AppState>, org_id: Option<i64>, year: i32) -> Reply<StudyHoursReport> {
    state.with(|l| meetings::study_hours(l, org_id, year, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn list_trainings(state: State<'_, AppState>, org_id: Option<i64>, year: i32) -> Reply<Vec<TrainingRow>> {
    state.with(|l| meetings::list_trainings(l, org_id, year))
}

#[tauri::command]
#[specta::specta]
pub async fn add_training(state: State<'_, AppState>, fields: TrainingFields) -> Reply<i64> {
    state.with(|l| meetings::add_training(l, fields, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_training(state: State<'_, AppState>, id: i64) -> Reply<i64> {
    state.with(|l| meetings::delete_training(l, id))
}

#[tauri::command]
#[specta::specta]
pub async fn evaluations_for_year(
    state: State<'_, AppState>,
    org_id: Option<i64>,
    year: i32,
) -> Reply<Vec<EvaluationRow>> {
    state.with(|l| meetings::evaluations_for_year(l, org_id, year))
}

#[tauri::command]
#[specta::specta]
pub async fn set_evaluations(state: State<'_, AppState>, year: i32, entries: Vec<EvaluationEntry>) -> Reply<u32> {
    state.with(|l| meetings::set_evaluations(l, year, &entries, today()))
}
