//! Member forms as the roster screen fills them.

use zhibu_core::model::{Category, Gender, MemberFields, MemberStatus, Standing};

use super::d;

/// An employed 汉族 member with a 大学本科 education, a phone and the post 专业技术人员; 正式 from
/// `full`, or 预备 without it. No ID number, address or other optional field.
pub fn member_fields(
    org_id: i64,
    name: &str,
    gender: Gender,
    birth: &str,
    joined: &str,
    full: Option<&str>,
) -> MemberFields {
    MemberFields {
        org_id,
        group_id: None,
        name: name.into(),
        gender,
        ethnicity: Some("汉族".into()),
        id_number: None,
        birth_date: d(birth),
        education: Some("大学本科".into()),
        status: if full.is_some() { MemberStatus::Full } else { MemberStatus::Probationary },
        joined_on: d(joined),
        full_member_on: full.map(d),
        category: Category::Employed,
        post: Some("专业技术人员".into()),
        phone: Some("13800000000".into()),
        landline: None,
        address: None,
        standing: Standing::Normal,
        lost_contact_since: None,
        outflow_to: None,
        attendance_exempt: false,
        native_place: None,
        work_started_on: None,
        degree: None,
        unit_title: None,
        remark: None,
    }
}
