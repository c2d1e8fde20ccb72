"""The product's standard roles: created by a data migration, and restored by `seed_demo` if deleted."""

# The four roles of the product; names are Vietnamese because they are data users read.
STANDARD_ROLES = [
    {
        "code": "office_staff",
        "name": "Chuyên viên Văn phòng UBND",
        "description": "Nhập và nhập khẩu thông báo, sửa nhiệm vụ, theo dõi bảng điều hành, "
        "xử lý cảnh báo, xác nhận hoàn thành, quyết định gia hạn.",
        "sees_all_directives": True,
        "manages_directives": True,
        "reports_progress": True,
        "heads_agency": False,
    },
    {
        "code": "agency_head",
        "name": "Lãnh đạo cơ quan",
        "description": "Xem và cập nhật nhiệm vụ cơ quan mình chủ trì; nhận cảnh báo và bản tin tuần.",
        "sees_all_directives": False,
        "manages_directives": False,
        "reports_progress": True,
        "heads_agency": True,
    },
    {
        "code": "agency_staff",
        "name": "Chuyên viên cơ quan",
        "description": "Xem và cập nhật nhiệm vụ cơ quan mình chủ trì hoặc phối hợp.",
        "sees_all_directives": False,
        "manages_directives": False,
        "reports_progress": True,
        "heads_agency": False,
    },
    {
        "code": "leader",
        "name": "Lãnh đạo UBND tỉnh",
        "description": "Xem mọi nhiệm vụ, bảng điều hành và bản tin tuần; không sửa.",
        "sees_all_directives": True,
        "manages_directives": False,
        "reports_progress": False,
        "heads_agency": False,
    },
]


def ensure_standard_roles(role_model) -> None:
    """Create the standard roles that are missing; roles an administrator adjusted are left as they are.

    `role_model` may be a migration's historical model.
    """
    for role in STANDARD_ROLES:
        role_model.objects.get_or_create(code=role["code"], defaults=role)
