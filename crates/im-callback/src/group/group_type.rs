//! A group's type, which every family of group callbacks carries.

im_proto::string_enum! {
    /// A group's type (`Type`).
    GroupType {
        /// `Work`: a work group (friends invite friends).
        Work => "Work",
        /// `Public`: a public group (apply to join).
        Public => "Public",
        /// `Meeting`: a meeting group.
        Meeting => "Meeting",
        /// `AVChatRoom`: a live-streaming group.
        AvChatRoom => "AVChatRoom",
        /// `Community`: a community (with topics).
        Community => "Community",
        /// `Private`: the old name of a work group.
        Private => "Private",
        /// `ChatRoom`: the old name of a meeting group.
        ChatRoom => "ChatRoom",
    }
}
