//! The core group APIs (issue 30): their packets carry the shared group types, each API's item
//! list, result mapping and retry safety are its page's, and the group codes carry the retry
//! classes a client acts on.

use im_proto::group::{
    add_group_member, get_group_info, get_group_member_info, import_group_msg, send_group_msg,
};
use im_proto::group_types::{
    ApplyJoinOption, GroupType, MemberRole, MsgFlag, MuteUntil, NameCard, OnOff,
};
use im_proto::message::MsgBody;
use im_proto::{
    Api, Endpoint, ErrorCode, ResultMapping, RetryClass, RetrySafety, UserId, ValidationRule,
};

#[test]
fn member_lists_carry_roles_flags_mute_ends_and_name_cards() {
    let page = include_str!("../fixtures/get_group_member_info.response.json");
    let answer: get_group_member_info::Response = serde_json::from_str(page).unwrap();
    let members = answer.member_list.unwrap();
    let bob = &members[0];
    assert_eq!(bob.role, Some(MemberRole::Owner));
    assert_eq!(bob.msg_flag, Some(MsgFlag::AcceptAndNotify));
    assert_eq!(bob.mute_until, Some(MuteUntil(1431069882)));
    let custom = &bob.app_member_defined_data.as_ref().unwrap()[0];
    assert_eq!(
        (custom.key.as_str(), custom.value.as_str()),
        ("MemberDefined1", "ModifyDefined1")
    );
    custom.check_member_field().unwrap();
    // The page writes "Member " with a trailing space: kept, as a value this version does not know.
    assert_eq!(members[1].role, Some(MemberRole::Other("Member ".into())));
    let example = include_str!("../fixtures/generated/get_group_member_info.response.json");
    let answer: get_group_member_info::Response = serde_json::from_str(example).unwrap();
    let peter = &answer.member_list.unwrap()[1];
    assert_eq!(peter.mute_until, Some(MuteUntil::FOREVER));
    assert_eq!(peter.name_card, Some(NameCard::new("Peter").unwrap()));
    assert_eq!(peter.msg_flag, Some(MsgFlag::AcceptNotNotify));
}

#[test]
fn group_info_carries_the_type_options_and_custom_fields() {
    let page = include_str!("../fixtures/get_group_info.response.json");
    let answer: get_group_info::Response = serde_json::from_str(page).unwrap();
    let group = &answer.group_info.unwrap()[0];
    assert_eq!(group.type_, Some(GroupType::Public));
    assert_eq!(group.apply_join_option, Some(ApplyJoinOption::FreeAccess));
    assert_eq!(group.mute_all_member, Some(OnOff::On));
    assert!(group.error_code.is_success());
    let custom = &group.app_defined_data.as_ref().unwrap()[0];
    assert_eq!(custom.key, "GroupTestData1");
    custom.check_group_field().unwrap();
    assert_eq!(
        group.member_list.as_ref().unwrap()[1].mute_until,
        Some(MuteUntil::NOT_MUTED)
    );
}

#[test]
fn member_lists_split_at_their_pages_maxima() {
    let members = |n: usize| -> Vec<add_group_member::MemberToAdd> {
        (0..n)
            .map(|i| add_group_member::MemberToAdd::new(UserId::new(format!("u{i}")).unwrap()))
            .collect()
    };
    add_group_member::Request::new("@TGS#1", members(20))
        .validate()
        .unwrap();
    let err = add_group_member::Request::new("@TGS#1", members(21))
        .validate()
        .unwrap_err();
    assert_eq!(
        err.rule(),
        ValidationRule::TooManyItems { max: 20, got: 21 }
    );
    let expected = [
        (Api::AddGroupMember, "MemberList", 20),
        (Api::ImportGroupMember, "MemberList", 20),
        (Api::DeleteGroupMember, "MemberToDel_Account", 100),
        (Api::GetGroupInfo, "GroupIdList", 50),
        (Api::GetSpecifiedGroupMemberInfo, "Member_List_Account", 50),
        (Api::SendGroupSystemNotification, "ToMembers_Account", 50),
        (Api::ImportGroupMsg, "MsgList", 7),
    ];
    for (api, field, max) in expected {
        let items = api.metadata().items.unwrap();
        assert_eq!((items.field, items.max), (field, max), "{api}");
    }
    let by_key = |api: Api| api.metadata().items.unwrap().results;
    assert_eq!(
        by_key(Api::AddGroupMember),
        ResultMapping::ByKey {
            list: "MemberList",
            key: "Member_Account"
        }
    );
    assert_eq!(
        by_key(Api::ImportGroupMsg),
        ResultMapping::ByPosition {
            list: "ImportMsgResult"
        }
    );
}

#[test]
fn a_group_send_is_resent_only_with_the_same_random_inside_five_minutes() {
    assert_eq!(
        send_group_msg::Request::METADATA.retry,
        RetrySafety::SameRequest {
            key: &["GroupId", "Random", "MsgBody"],
            within_secs: 300
        }
    );
    let request = send_group_msg::Request::new("@TGS#2C5SZEAEF", 8912345, MsgBody::text("hi"));
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(json["Random"], 8912345);
    assert_eq!(Api::CreateGroup.metadata().retry, RetrySafety::Never);
    assert_eq!(
        Api::SendGroupSystemNotification.metadata().retry,
        RetrySafety::Never
    );
    assert_eq!(Api::DestroyGroup.metadata().retry, RetrySafety::Always);
    assert!(matches!(
        import_group_msg::Request::METADATA.retry,
        RetrySafety::SameRequest {
            within_secs: 300,
            ..
        }
    ));
}

#[test]
fn group_codes_carry_their_retry_classes() {
    let class = |code: i64, api: Api| ErrorCode::new(code).info_for(api).unwrap().retry;
    assert_eq!(class(10002, Api::SendGroupMsg), RetryClass::Transient);
    assert_eq!(class(10006, Api::GetAppidGroupList), RetryClass::Throttled);
    assert_eq!(class(10006, Api::CreateGroup), RetryClass::Throttled);
    assert_eq!(class(10023, Api::SendGroupMsg), RetryClass::Throttled);
    assert_eq!(class(10018, Api::GetGroupInfo), RetryClass::Fatal);
    assert_eq!(class(10010, Api::DestroyGroup), RetryClass::Fatal);
    assert_eq!(
        class(10005, Api::GetSpecifiedGroupMemberInfo),
        RetryClass::Fatal
    );
    assert!(
        ErrorCode::new(10007)
            .info_for(Api::ChangeGroupOwner)
            .unwrap()
            .auth
    );
    // 10004 is a group code and a robot code, with their own meanings.
    let group = ErrorCode::new(10004)
        .info_for(Api::DeleteGroupMember)
        .unwrap();
    assert!(group.meaning.contains("AVChatRoom"), "{}", group.meaning);
}
