"""Documents that assign tasks without the shape of a conclusion notice: decisions whose tasks sit under
`Điều N. Tổ chức thực hiện`, letters and press reports in which the issuer directs agencies, and text
that truly assigns nothing (refused, offering manual entry). Each excerpt is quoted from the real document
named."""

from datetime import date

import pytest

from reading.agencies import read_agency_run
from reading.parser import NotANotice, parse_notice


def tasks_of(text: str) -> list[tuple[str, list[str], list[str], date | None]]:
    return [(t.number, t.lead, t.support, t.deadline) for t in parse_notice(text).tasks]


# ---------------------------------------------------------------------------------------------------
# Decisions: the tasks under `Điều N. Tổ chức thực hiện`; who executes the decision is no task

# 24_thainguyen-qd1936-ubnd-tthc-dau-tu-2025-partial.txt (its articles, shortened)
THAI_NGUYEN_QD_1936 = """QUYẾT ĐỊNH
VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC ĐẦU TƯ
QUYẾT ĐỊNH:
Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính lĩnh vực đầu tư tại Việt Nam.
Điều 2. Bãi bỏ 03 thủ tục hành chính được ban hành kèm theo Quyết định số 1388/QĐ-UBND ngày 06/10/2025.
Điều 3. Tổ chức thực hiện
1. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính; cơ quan, đơn vị có liên quan thực hiện \
kiểm tra, tích hợp, kiểm thử, cung cấp dịch vụ công trực tuyến trên Cổng dịch vụ công quốc gia.
2. Giao Sở Tài chính chủ trì, phối hợp với các cơ quan, đơn vị liên quan xây dựng quy trình nội bộ đối với \
các thủ tục hành chính được công bố tại Điều 1 Quyết định này, trình Chủ tịch UBND tỉnh phê duyệt chậm nhất \
ngày 21/11/2025.
Điều 4. Quyết định này có hiệu lực thi hành kể từ ngày ký.
Điều 5. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Tài chính, Khoa học và Công nghệ; Chủ tịch UBND các xã, \
phường; các tổ chức, cá nhân liên quan chịu trách nhiệm thi hành Quyết định này./.
"""


def test_a_decisions_tasks_under_its_article_on_carrying_it_out_are_read():
    assert tasks_of(THAI_NGUYEN_QD_1936) == [
        ("1", ["Sở Khoa học và Công nghệ"], ["Sở Tài chính"], None),
        ("2", ["Sở Tài chính"], [], date(2025, 11, 21)),
    ]


# 25_lamdong-qd2284-ubnd-xa-mien-nui-2025-partial.txt
LAM_DONG_QD_2284_ARTICLES = """QUYẾT ĐỊNH
VỀ VIỆC CÔNG NHẬN XÃ, PHƯỜNG MIỀN NÚI TRÊN ĐỊA BÀN TỈNH LÂM ĐỒNG
QUYẾT ĐỊNH:
Điều 1. Công nhận các xã, phường miền núi trên địa bàn tỉnh Lâm Đồng, chi tiết theo Danh sách kèm theo.
Điều 2. Việc xác định xã, phường miền núi nêu trong danh sách kèm theo phục vụ công tác bầu cử đại biểu \
Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026-2031.
Điều 3. Hiệu lực thi hành
Quyết định này có hiệu lực thi hành kể từ ngày ký.
Điều 4. Tổ chức thực hiện
"""
LAM_DONG_QD_2284_TASK = """1. Sở Dân tộc và Tôn giáo có trách nhiệm chủ trì, phối hợp với các cơ quan, \
đơn vị liên quan tổ chức triển khai thực hiện Quyết định này.
"""
LAM_DONG_QD_2284_EXECUTION = """2. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Dân tộc và Tôn \
giáo, Nội vụ và các sở, ban, ngành; Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu; Thủ trưởng các cơ \
quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.
"""


def test_sở_x_có_trách_nhiệm_chủ_trì_under_tổ_chức_thực_hiện_is_a_task_and_who_executes_is_not():
    text = LAM_DONG_QD_2284_ARTICLES + LAM_DONG_QD_2284_TASK + LAM_DONG_QD_2284_EXECUTION

    assert tasks_of(text) == [("1", ["Sở Dân tộc và Tôn giáo"], [], None)]


def test_a_decision_that_only_approves_and_says_who_executes_it_is_refused_offering_manual_entry():
    # The same decision without its one task: it recognises communes, takes effect, names who executes it.
    text = LAM_DONG_QD_2284_ARTICLES + LAM_DONG_QD_2284_EXECUTION.replace("2. ", "1. ", 1)

    with pytest.raises(NotANotice, match=r"(?:by hand|bằng tay)"):
        parse_notice(text)


def test_a_resolutions_own_execution_and_supervision_articles_are_no_tasks():
    # 01_hagiang-nq-hdnd-chat-van-2017.txt, `Điều 3. Trách nhiệm của các cơ quan, tổ chức, cá nhân`
    # (shortened)
    text = (
        "NGHỊ QUYẾT\nVề kết quả chất vấn\nQUYẾT NGHỊ:\n"
        "Điều 1. Giao Sở Tài nguyên và Môi trường rà soát đất đai.\n"
        "Điều 3. Trách nhiệm của các cơ quan, tổ chức, cá nhân\n"
        "1. Ủy ban nhân dân tỉnh, Giám đốc các sở, ngành trong phạm vi nhiệm vụ, quyền hạn của "
        "mình có trách "
        "nhiệm thực hiện Nghị quyết.\n"
        "2. Thường trực Hội đồng nhân dân, các Ban Hội đồng nhân dân giám sát việc thực hiện Nghị "
        "quyết.\n"
    )

    assert tasks_of(text) == [("Điều 1", ["Sở Tài nguyên và Môi trường"], [], None)]


# ---------------------------------------------------------------------------------------------------
# Letters and reports of them: the issuer directs, asks or requests agencies


def test_the_province_reported_to_have_directed_agencies_gives_them_the_work():
    # 35_tuyenquang-giam-sat-covid-19.txt
    text = (
        "Trước tình hình dịch bệnh COVID-19 xuất hiện tại một số quốc gia, tỉnh Tuyên Quang đã chỉ "
        "đạo Sở Y tế, "
        "UBND các huyện, thành phố tiếp tục quán triệt, thực hiện nghiêm, hiệu quả chỉ đạo của "
        "Chính phủ.\n"
    )

    assert tasks_of(text) == [("¶1", ["Sở Y tế", "UBND các huyện, thành phố"], [], None)]


def test_a_committee_that_issued_a_letter_directing_agencies_mid_sentence_gives_them_the_work():
    # 33_tuyenquang-cv1220-ubnd-kgvx-covid-2021.txt
    text = (
        "Để chuẩn bị tốt các điều kiện cho công tác bầu cử; kịp thời chấn chỉnh những bất cập, "
        "Ngày 03/5/2021, "
        "UBND tỉnh Tuyên Quang ban hành Văn bản chỉ đạo các Sở, ban, ngành, UBND các huyện, Thành "
        "phố, Các cơ "
        "quan, đơn vị tập trung chỉ đạo, chấn chỉnh, nâng cao hiệu quả công tác phòng, chống dịch "
        "bệnh.\n"
    )

    assert tasks_of(text) == [
        ("¶1", ["các Sở, ban, ngành", "UBND các huyện, Thành phố", "Các cơ quan, đơn vị"], [], None)
    ]


def test_a_direction_sent_to_some_agencies_gives_them_the_work():
    # 31_binhthuan-cong-dien-12-buon-lau-dong-vat-2024.txt: the vice-chairman's name where the province
    # would be
    text = (
        "Phó Chủ tịch UBND tỉnh Nguyễn Hồng Hải vừa có công văn chỉ đạo đến một số sở, ngành liên "
        "quan và UBND "
        "các huyện, thị xã, thành phố yêu cầu khẩn trương triển khai thực hiện Công điện số 12/CĐ-TTg.\n"
    )

    assert tasks_of(text) == [
        ("¶1", ["một số sở, ngành liên quan", "UBND các huyện, thị xã, thành phố"], [], None)
    ]


def test_districts_listed_by_name_after_their_kind_are_each_a_lead():
    # 30_hanoi-cv9992-ubnd-nn-nong-thon-moi.txt
    text = (
        "(HNM) - UBND TP vừa ban hành công văn số 9992/UBND-NN yêu cầu Sở NN&PTNT, các huyện "
        "Chương Mỹ, Đan "
        "Phượng, Sóc Sơn và Thanh Trì khẩn trương thực hiện các dự án phát triển sản xuất.\n"
    )

    assert tasks_of(text) == [
        (
            "¶1",
            [
                "Sở Nông nghiệp và Phát triển nông thôn",
                "UBND huyện Chương Mỹ",
                "UBND huyện Đan Phượng",
                "UBND huyện Sóc Sơn",
                "UBND huyện Thanh Trì",
            ],
            [],
            None,
        )
    ]


def test_places_of_a_kind_are_committees_only_while_they_are_capitalised_places():
    run = read_agency_run("các xã Tân Hưng, Quang Châu và Sở Xây dựng rà soát hồ sơ")

    assert run.names == ("UBND xã Tân Hưng", "UBND xã Quang Châu", "Sở Xây dựng")
    assert run.rest == "rà soát hồ sơ"
    # One place is not a list: left to the ordinary reading of names.
    assert "UBND xã Tân Hưng" not in read_agency_run("các xã Tân Hưng rà soát").names


def test_a_quoted_direction_opens_with_its_lead():
    # 29_tayninh-dich-ta-heo-chau-phi-2021.txt
    text = (
        "“Sở Nông nghiệp và Phát triển nông thôn phối hợp với UBND cấp huyện và các ngành có liên "
        "quan tập trung "
        "chỉ đạo, tổ chức hướng dẫn, đôn đốc, kiểm tra việc phòng, chống dịch bệnh dịch tả heo "
        "châu Phi”. Đó là "
        "chỉ đạo của UBND tỉnh đối với Sở NN&PTNT nhằm tăng cường phòng chống dịch tả heo châu Phi.\n"
    )

    assert tasks_of(text) == [("¶1", ["Sở Nông nghiệp và Phát triển nông thôn"], ["UBND cấp huyện"], None)]


def test_a_lead_in_addressed_to_agencies_gives_them_the_paragraph_after_it_and_not_the_closing():
    # 28_nghean-cv-hoa-toc-chi-thi-16-2020.txt
    text = (
        "Công văn hỏa tốc do Phó Chủ tịch UBND tỉnh Nghệ An Bùi Đình Long ký đã nêu rõ, UBND tỉnh "
        "yêu cầu Thủ "
        "trưởng các Sở, ban, ngành, đoàn thể cấp tỉnh, Chủ tịch UBND các huyện, thành, thị xã theo "
        "chức năng, "
        "nhiệm vụ được giao tập trung chỉ đạo:\n\n"
        "Tiếp tục kéo dài thời gian thực hiện các biện pháp cấp bách phòng chống dịch bệnh "
        "Covid-19 trên địa bàn "
        "tỉnh theo Chỉ thị số 16/CT-TTg ngày 31/3/2020 của Thủ tướng Chính phủ.\n\n"
        "Yêu cầu Thủ trưởng các Sở, ban, ngành đoàn thể cấp tỉnh, Chủ tịch UBND các huyện, thành, "
        "thị xã triển "
        "khai thực hiện nghiêm túc nội dung trên.\n"
    )
    notice = parse_notice(text)

    assert [(t.number, t.title[:30], t.lead) for t in notice.tasks] == [
        (
            "¶1.1",
            "Tiếp tục kéo dài thời gian thự",
            ["Thủ trưởng các Sở, ban, ngành, đoàn thể cấp tỉnh", "Chủ tịch UBND các huyện, thành, thị xã"],
        )
    ]


def test_a_committee_that_only_announces_its_opinion_heads_nothing():
    # 02_laichau-cv846-ubnd-th-2019.txt: `UBND tỉnh có ý kiến chỉ đạo như sau:` then the tasks of their own.
    text = (
        "UBND tỉnh nhận được Công văn số 3145/BKHĐT ngày 15/5/2019. UBND tỉnh có ý kiến chỉ đạo "
        "như sau:\n"
        "Giao Sở Tài chính chủ trì rà soát, báo cáo trước ngày 23/5/2019.\n"
    )

    assert tasks_of(text) == [("¶1", ["Sở Tài chính"], [], date(2019, 5, 23))]


def test_background_that_only_tells_of_a_direction_from_above_is_refused():
    # 33_tuyenquang-cv1220-ubnd-kgvx-covid-2021.txt, its first paragraph alone: the Prime Minister's direction
    # is told, nothing is assigned.
    text = (
        "Thực hiện chỉ đạo của Thủ tướng Chính phủ tại Công điện số 570/CĐ-TTg ngày 02/5/2021 về "
        "việc chấn chỉnh, "
        "nâng cao hiệu quả công tác phòng, chống dịch bệnh COVID-19; Thông báo kết luận số "
        "89/TB-VPCP ngày "
        "01/5/2021 của Văn phòng Chính phủ.\n"
    )

    with pytest.raises(NotANotice, match=r"(?:no task to any agency|không giao nhiệm vụ cho cơ quan nào)"):
        parse_notice(text)


def test_a_lead_in_asking_agencies_for_contents_gives_them_each_paragraph_after_it():
    # The shape of a portal's summary of a letter (`Theo đó, UBND tỉnh yêu cầu …, UBND các huyện … triển khai
    # thực hiện các nội dung:` then one paragraph per content, the last ending `./.`); the words are ours.
    text = (
        "Ngày 01/12/2020, UBND tỉnh ban hành Công văn số 4462/UBND-KTTH về việc thực hiện kết luận.\n\n"
        "Theo đó, UBND tỉnh yêu cầu các sở, ban ngành, UBND các huyện, thành phố triển khai thực hiện các "
        "nội dung:\n\n"
        "Tập trung rà soát các nhiệm vụ còn lại của kế hoạch năm 2020.\n\n"
        "Tăng cường biện pháp phòng, chống dịch bệnh trên địa bàn tỉnh./.\n\n"
        "Cổng TTĐT tỉnh\n"
    )

    assert [(t.number, t.lead) for t in parse_notice(text).tasks] == [
        ("¶1.1", ["các sở, ban ngành", "UBND các huyện, thành phố"]),
        ("¶1.2", ["các sở, ban ngành", "UBND các huyện, thành phố"]),
    ]


def test_an_acronym_defined_in_parentheses_does_not_cut_the_name_it_sits_in():
    # The press writes `Chủ tịch Ủy ban nhân dân (UBND) tỉnh vừa ban hành chỉ thị yêu cầu …`.
    text = (
        "Chủ tịch Ủy ban nhân dân (UBND) tỉnh vừa ban hành chỉ thị yêu cầu Sở Y tế, UBND các huyện, thị "
        "xã, thành phố quyết liệt triển khai các biện pháp phòng, chống dịch trong xây dựng nông thôn mới "
        "(NTM).\n"
    )
    notice = parse_notice(text)

    assert [(t.number, t.lead) for t in notice.tasks] == [
        ("¶1", ["Sở Y tế", "UBND các huyện, thị xã, thành phố"])
    ]
    assert "Ủy ban nhân dân tỉnh vừa" in notice.tasks[0].text
    # An acronym that is not the initials of the words before it stays.
    assert "(HNM)" in parse_notice("(HNM) - " + text).tasks[0].text


# A decision that approves a programme and says who executes it, in the shape web copies of decisions take
# (`Điều` and `1.` alone on their lines): its aims are no tasks, and it assigns nothing.
APPROVING_DECISION = """QUYẾT ĐỊNH
VỀ VIỆC PHÊ DUYỆT CHƯƠNG TRÌNH BẢO VỆ TRẺ EM GIAI ĐOẠN 2011 - 2015
QUYẾT ĐỊNH:
Điều
1. Phê duyệt
Chương trình bảo vệ trẻ em giai đoạn 2011 - 2015 với các nội dung chính như sau:
1.
Mục tiêu:
1.1. Mục tiêu tổng quát:
Tạo môi trường sống an toàn, lành mạnh để trẻ em đều được bảo vệ.
1.2. Các mục tiêu cụ thể:
- Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt xuống dưới 5%;
- 80% trẻ em có hoàn cảnh đặc biệt nhận được sự trợ giúp.
Điều 2. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở, Ban, ngành có liên quan; Chủ tịch Ủy ban \
nhân dân các huyện chịu trách nhiệm thi hành Quyết định này./.
"""


def test_a_decision_approving_a_programmes_aims_assigns_nothing_and_is_refused():
    with pytest.raises(NotANotice, match=r"(?:by hand|bằng tay)"):
        parse_notice(APPROVING_DECISION)


def test_a_marker_alone_on_its_line_opens_the_item_on_the_next_and_aims_beside_tasks_are_left_out():
    text = APPROVING_DECISION.replace(
        "Điều 2.",
        "2. Nhiệm vụ:\nGiao Sở Lao động - Thương binh và Xã hội chủ trì triển khai Chương trình.\nĐiều 2.",
    )

    assert [(t.number, t.lead) for t in parse_notice(text).tasks] == [
        ("2", ["Sở Lao động - Thương binh và Xã hội"])
    ]


def test_the_committees_office_hands_on_the_work_it_asks_for():
    # The shape of a press item on a reminder: the office's letter passes on the chairman's direction, then
    # asks the department again; the words are ours.
    text = (
        "Ngày 08/4/2021, Văn phòng UBND tỉnh ban hành Văn bản số 404/VPUBND-TCD-NC thông báo ý kiến chỉ đạo "
        "của Chủ tịch UBND tỉnh, giao Sở Tài nguyên và Môi trường phối hợp với Sở Công Thương trả lời đơn "
        "của công dân; báo cáo UBND tỉnh trong 30 ngày làm việc.\n\n"
        "Tuy nhiên, đến nay Sở Tài nguyên và Môi trường chưa trình nội dung trên.\n\n"
        "Căn cứ quy chế làm việc của UBND tỉnh, Văn phòng UBND tỉnh đề nghị Sở Tài nguyên và Môi trường khẩn "
        "trương trình nội dung trên trước ngày 30/8/2021.\n"
    )

    assert tasks_of(text) == [
        ("¶1", ["Sở Tài nguyên và Môi trường"], ["Sở Công Thương"], None),
        ("¶2", ["Sở Tài nguyên và Môi trường"], [], date(2021, 8, 30)),
    ]


def test_news_that_a_body_has_just_issued_a_document_assigns_nothing():
    # `vừa` (has just) ends the body's name and tells of what it did.
    with pytest.raises(NotANotice):
        parse_notice(
            "Ban Thường vụ Tỉnh ủy vừa ban hành Chỉ thị số 03-CT/TU về tăng cường quản lý tài nguyên.\n"
        )
    assert read_agency_run("Sở Xây dựng vừa ban hành hướng dẫn").names == ("Sở Xây dựng",)


def test_the_offices_notifying_closing_is_no_task():
    # 26_langson-cv3585-vp-ktn-o-nhiem-nong-thon-2017.txt
    text = (
        "Thực hiện Công văn số 11034/VPCP-KGVX ngày 17/10/2017 của Văn phòng Chính phủ, đồng chí "
        "Lý Vinh Quang, "
        "Phó Chủ tịch UBND tỉnh có ý kiến như sau:\n\n"
        "Giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với Sở Nông nghiệp và Phát triển Nông "
        "thôn chủ động "
        "thực hiện các nội dung.\n\n"
        "Văn phòng UBND tỉnh thông báo để Sở Tài nguyên và Môi trường, các cơ quan liên quan thực hiện./.\n"
    )

    assert [(t.number, t.lead) for t in parse_notice(text).tasks] == [("¶1", ["Sở Tài nguyên và Môi trường"])]


def test_the_office_notifying_an_agency_not_given_work_before_is_still_read():
    text = (
        "Giao Sở Tài chính thẩm định dự toán.\n\nVăn phòng UBND tỉnh thông báo để Sở Xây dựng thực hiện./.\n"
    )

    assert [t.lead for t in parse_notice(text).tasks] == [["Sở Tài chính"], ["Sở Xây dựng"]]


def test_an_item_that_only_approves_is_no_task():
    # 27_laichau-nghia-dia-can-ho-2018.txt, items 1 and 2 (shortened)
    text = (
        "Sau khi xem xét, Chủ tịch UBND tỉnh có ý kiến:\n"
        "1. Để đảm bảo an toàn cho công trình, đồng ý về chủ trương bổ sung một số nội dung của dự "
        "án Nghĩa địa "
        "Can Hồ theo đề nghị của Ban QLDA đầu tư xây dựng các công trình Nông nghiệp và PTNT tại Tờ trình số "
        "992/TTr-BQLDA ngày 28/6/2018.\n"
        "2. Ban QLDA đầu tư xây dựng các công trình Nông nghiệp và PTNT khẩn trương hoàn thiện hồ "
        "sơ điều chỉnh, "
        "bổ sung dự án theo quy định.\n"
    )

    assert [t.number for t in parse_notice(text).tasks] == ["2"]


def test_a_newspapers_thanks_is_no_task():
    # 17_thainguyen-tb81-ket-luan-bao-ccb-2011-partial.txt, its last paragraph after the tasks
    text = (
        "Giao Sở Kế hoạch và Đầu tư chủ trì rà soát dự án.\n"
        "Báo CCB Việt Nam rất hoan nghênh sự quan tâm và phối hợp của đồng chí Chủ tịch UBND tỉnh.\n"
    )

    assert [t.lead for t in parse_notice(text).tasks] == [["Sở Kế hoạch và Đầu tư"]]


def test_a_reports_summary_of_a_letters_subject_is_no_task_and_its_detail_gives_the_work():
    # The shape of a provincial office's news item: the letter's subject (`về việc giao Sở Y tế …`), then
    # `Theo đó, …` with the chairman's agreement and the work given mid-sentence; the words are ours.
    text = (
        "Ngày 9/8, UBND tỉnh đã ban hành văn bản số 4672/UBND-VX về việc giao Sở Y tế phê duyệt Kế hoạch "
        "kiểm soát ung thư giai đoạn 2019 - 2025.\n\n"
        "Theo đó, Chủ tịch UBND tỉnh đồng ý với việc triển khai công tác kiểm soát ung thư theo hướng dẫn "
        "của Bộ Y tế. Vì đây là nội dung chuyên môn nên UBND tỉnh giao Giám đốc Sở Y tế: Phê duyệt Kế "
        "hoạch; chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức triển khai Kế hoạch.\n"
    )

    assert [(t.number, t.lead) for t in parse_notice(text).tasks] == [("¶1", ["Sở Y tế"])]
    assert parse_notice(text).tasks[0].text.startswith("Theo đó")


def test_committees_of_every_place_of_some_kinds_end_where_their_verb_begins():
    # 34_bariavungtau-dich-mua-tuu-truong-2024.txt: the verb is not swallowed into the last kind's name
    text = (
        "UBND tỉnh yêu cầu các sở, ban, ngành, UBND huyện, thị xã, thành phố tổ chức thực hiện Công văn số "
        "4847/BYT-DP ngày 19/8/2024 về việc chủ động triển khai phòng, chống dịch mùa tựu trường.\n"
    )

    assert tasks_of(text) == [("¶1", ["các sở, ban, ngành", "UBND huyện, thị xã, thành phố"], [], None)]


def test_work_given_with_giao_inside_a_long_sentence_is_read():
    # The shape of a report of a decision that transfers roads and gives them to the districts; ours.
    text = (
        "Ngày 19/3, UBND tỉnh ban hành Quyết định số 600/QĐ-UBND điều chuyển một số đoạn tuyến đường bộ đã "
        "được Bộ GTVT điều chỉnh thành đường địa phương và giao UBND các huyện, thành phố, thị xã tiếp nhận "
        "tài sản, tổ chức quản lý, bảo trì.\n"
    )

    assert tasks_of(text) == [("¶1", ["UBND các huyện, thành phố, thị xã"], [], None)]


def test_work_received_or_handed_over_is_not_given():
    with pytest.raises(NotANotice):
        parse_notice(
            "Năm 2023, các cơ quan đã hoàn thành nhiệm vụ được giao Sở Xây dựng theo dõi. Chủ đầu tư đã bàn "
            "giao Sở Giao thông vận tải quản lý công trình.\n"
        )


def test_a_chair_named_after_the_city_committee_hands_the_work_on():
    # The shape of a city's press item (`Phó Chủ tịch UBND TP <name> yêu cầu Sở X …`), then `Cùng với đó,`
    # another body's work; the words are ours.
    text = (
        "Theo đó, Phó Chủ tịch UBND TP Nguyễn Văn An yêu cầu Sở Giao thông vận tải tổ chức tiếp nhận, quản "
        "lý các cầu vượt. Cùng với đó, Ban Quản lý dự án giao thông khẩn trương hoàn chỉnh hồ sơ hoàn công.\n"
    )

    assert [(t.number, t.lead) for t in parse_notice(text).tasks] == [
        ("¶1", ["Sở Giao thông vận tải"]),
        ("¶2", ["Ban Quản lý dự án giao thông"]),
    ]


def test_when_a_decision_takes_effect_is_no_deadline_of_the_work_beside_it():
    text = (
        "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy định việc bảo trì đường huyện.\n"
        "Điều 2. Quyết định này có hiệu lực sau 10 ngày, kể từ ngày ký.\n"
        "Giao Giám đốc Sở Giao thông vận tải hướng dẫn, kiểm tra việc bảo trì theo Quyết định này.\n"
    )

    assert tasks_of(text) == [("Điều 2", ["Sở Giao thông vận tải"], [], None)]


def test_the_party_committee_takes_no_work_and_hands_it_on():
    # A report of what the province's party committee issued gives nobody work (the shape of a programme's
    # half-year report); when it directs the People's Committee, the work passes on to whom that directs.
    with pytest.raises(NotANotice):
        parse_notice(
            "Tỉnh ủy ban hành Đề án xây dựng nông thôn mới giai đoạn 2016-2020; Ban Thường vụ "
            "Tỉnh ủy ban hành "
            "kết luận số 71-KL/TU ngày 24/3/2016 về cơ chế hỗ trợ thực hiện Chương trình.\n"
        )
    notice = parse_notice(
        "Ban Thường vụ Tỉnh ủy yêu cầu UBND tỉnh chỉ đạo Sở Nông nghiệp và Phát triển nông "
        "thôn rà soát cơ chế "
        "hỗ trợ, báo cáo trước ngày 30/6/2016.\n"
    )
    assert [(t.lead, t.deadline) for t in notice.tasks] == [
        (["Sở Nông nghiệp và Phát triển nông thôn"], date(2016, 6, 30))
    ]
