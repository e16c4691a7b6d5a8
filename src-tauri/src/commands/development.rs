//! 发展党员 commands: the board, a person's record, adding a person and recording steps (reviewed
//! first: errors refuse, warnings need a reason), documents, and the 应到 of a vote.

use chrono::NaiveDate;
use tauri::State;
use zhibu_core::app::development::{
    self as development, DevelopmentBoard, DevelopmentDetail, DevelopmentDoc, DevelopmentPerson, DocumentInput,
    EntryReview, NewPerson, StepInput, StepRecorded, WrittenDocument,
};
use zhibu_core::app::meetings::SittingChoice;

use super::{today, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn development_board(state: State<'_, AppState>, org_id: i64) -> Reply<DevelopmentBoard> {
    state.with(|l| development::board(l, org_id, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn development_detail(state: State<'_, AppState>, person_id: i64) -> Reply<DevelopmentDetail> {
    state.with(|l| development::detail(l, person_id, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn development_step_names() -> Reply<Vec<String>> {
    Ok(development::step_names())
}

/// The birth date and gender of an ID number as it is typed, or why it is not valid.
#[tauri::command]
#[specta::specta]
pub async fn id_number_facts(text: String) -> Reply<development::IdNumberFacts> {
    Ok(development::id_number_facts(&text))
}

#[tauri::command]
#[specta::specta]
pub async fn development_voters(state: State<'_, AppState>, org_id: i64, date: NaiveDate) -> Reply<u32> {
    state.with(|l| development::voters(l, org_id, date))
}

#[tauri::command]
#[specta::specta]
pub async fn development_sittings(
    state: State<'_, AppState>,
    person_id: i64,
    date: NaiveDate,
) -> Reply<Vec<SittingChoice>> {
    state.with(|l| development::sittings(l, person_id, date))
}

#[tauri::command]
#[specta::specta]
pub async fn review_development_person(state: State<'_, AppState>, person: NewPerson) -> Reply<EntryReview> {
    state.with(|l| development::review_person(l, &person, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn add_development_person(state: State<'_, AppState>, person: NewPerson) -> Reply<DevelopmentPerson> {
    state.with(|l| development::add_person(l, &person, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn review_development_step(state: State<'_, AppState>, input: StepInput) -> Reply<EntryReview> {
    state.with(|l| development::review_step(l, &input, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn record_development_step(state: State<'_, AppState>, input: StepInput) -> Reply<StepRecorded> {
    state.with(|l| development::record_step(l, &input, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn record_development_document(state: State<'_, AppState>, input: DocumentInput) -> Reply<DevelopmentPerson> {
    state.with(|l| development::record_document(l, &input, today()))
}

#[tauri::command]
#[specta::specta]
pub async fn suggest_development_doc_file_name(
    state: State<'_, AppState>,
    person_id: i64,
    doc: DevelopmentDoc,
) -> Reply<String> {
    state.with(|l| development::development_doc_file_name(l, person_id, doc))
}

/// One 发展党员 document as a Word file, filled from the record; the fields left blank are listed.
#[tauri::command]
#[specta::specta]
pub async fn export_development_doc(
    state: State<'_, AppState>,
    person_id: i64,
    doc: DevelopmentDoc,
    path: String,
) -> Reply<WrittenDocument> {
    state.with(|l| development::export_development_doc(l, person_id, doc, &path, today()))
}

/// Every recorded document of a person into one folder (全程纪实).
#[tauri::command]
#[specta::specta]
pub async fn export_development_folder(
    state: State<'_, AppState>,
    person_id: i64,
    dir: String,
) -> Reply<Vec<WrittenDocument>> {
    state.with(|l| development::export_development_folder(l, person_id, &dir, today()))
}
