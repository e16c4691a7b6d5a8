//! The export dialog's folder: remembered for the next export while it exists, refused when not a
//! full path; 打开所在文件夹 refuses a folder that does not exist (it is not opened in a test).

use zhibu_core::app::exports::{export_folder, open_folder, remember_export_folder};
use zhibu_core::{ErrorCode, Ledger};

#[test]
fn the_export_folder_is_remembered_while_it_exists() {
    let ledger = Ledger::in_memory().unwrap();
    assert_eq!(export_folder(&ledger).unwrap(), None);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账导出");
    std::fs::create_dir(&path).unwrap();
    let text = path.display().to_string();
    remember_export_folder(&ledger, &format!(" {text} ")).unwrap();
    assert_eq!(export_folder(&ledger).unwrap(), Some(text.clone()));
    let refused = remember_export_folder(&ledger, "导出").unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    assert_eq!(export_folder(&ledger).unwrap(), Some(text), "a refused folder changes nothing");
    // Gone (a USB stick taken out): the dialog offers its default again.
    std::fs::remove_dir(&path).unwrap();
    assert_eq!(export_folder(&ledger).unwrap(), None);
}

#[test]
fn opening_a_missing_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("没有/这个.xlsx");
    let e = open_folder(&missing.display().to_string()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("找不到文件夹"), "{e}");
    assert_eq!(open_folder("相对路径").unwrap_err().code(), ErrorCode::InvalidInput);
}
