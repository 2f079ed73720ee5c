"""The ``--help`` texts of every command and option, in Vietnamese and in English (issue 18).

One table keyed by stable ids, as ``render.i18n`` keys messages: a command's id is its name
(``"due"``), an option's is the id written as its ``help=`` (``help="within"``); ``"app"`` is
the program's own text and ``"version"`` its --version. Each value is ``(vietnamese, english)``.
A command's text is paragraphs separated by blank lines: a summary sentence (its first clause is
the command's line in ``parplan --help``), the description, then the example lines ("Ví dụ:" /
"Example:"). ``tests/test_help.py`` fails when a command or option has no text here, or when a
language's help holds a paragraph of the other.
"""

from __future__ import annotations

HELP: dict[str, tuple[str, str]] = {
    # -----------------------------------------------------------------------------------------
    # the program
    "app": (
        "Theo dõi kế hoạch cải cách hành chính trên tệp YAML, quản lý bằng git.",
        "A task ledger over plain, version-controlled YAML plans.",
    ),
    "version": ("In phiên bản rồi thoát.", "Print the version and exit."),
    # Typer's frame: the panels' titles, its --help and shell-completion options
    "panel.arguments": ("Đối số", "Arguments"),
    "panel.options": ("Tùy chọn", "Options"),
    "panel.commands": ("Lệnh", "Commands"),
    "help-option": ("In hướng dẫn này rồi thoát.", "Show this message and exit."),
    "completion.install": (
        "Cài tự động hoàn thành lệnh cho shell đang dùng.",
        "Install completion for the current shell.",
    ),
    "completion.show": (
        "In đoạn tự động hoàn thành lệnh cho shell đang dùng, để chép hoặc tự cài.",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
    # -----------------------------------------------------------------------------------------
    # commands
    "validate": (
        "Kiểm tra tệp kế hoạch và tệp đơn vị; báo lỗi theo tệp:dòng:cột.\n\n"
        "Mỗi vấn đề được báo dưới dạng tệp:dòng:cột kèm một mã cố định. Thoát với mã 0 khi "
        "không có lỗi (cảnh báo và ghi chú không tính), mã 1 khi có lỗi. Với --base REV, cảnh báo "
        "thêm mọi thời hạn đã đổi kể từ phiên bản git đó mà không ghi amended_by (văn bản sửa "
        "đổi). Một carried_to hay carried_from thiếu nửa kia trong kế hoạch bên cạnh (một lần "
        "chuyển tiếp hay hoàn tác bị ngắt giữa chừng) là lỗi, kèm lệnh sửa nó.\n\n"
        "Ví dụ:  parplan validate --plan data/plan-2025.yaml --format github",
        "Check the plan and units files; report problems as file:line:col.\n\n"
        "Every problem is reported as file:line:col with a stable code. Exit 0 when there are "
        "no errors (warnings and notes allowed), 1 when there are errors. With --base REV, also "
        "warn of every deadline changed since that git revision without a new amended_by (the "
        "decision that amended it). A carried_to or carried_from whose other half is missing "
        "from the plan beside it (a carry or undo stopped half-way) is an error naming the "
        "command that repairs it.\n\n"
        "Example:  parplan validate --plan data/plan-2025.yaml --format github",
    ),
    "done": (
        "Ghi một mục (hoặc một mốc) đã hoàn thành, kèm văn bản chứng minh.\n\n"
        "Ghi ngày một mục, hoặc một mốc của mục, hoàn thành (mặc định hôm nay) và văn bản chứng "
        "minh. Mục có nhiều mốc được ghi từng mốc: không có --milestone thì ghi mốc sớm nhất "
        'chưa xong. Mục do một nhóm đơn vị chủ trì ("Các đơn vị thuộc, trực thuộc Bộ") thì mỗi '
        "đơn vị tự ghi phần việc của mình: --unit nêu đơn vị đó (bắt buộc ở mục như vậy, không "
        "nhận ở mục khác). Chỉ các dòng ghi nhận được thêm vào tệp kế hoạch.\n\n"
        'Ví dụ:  parplan done I.5.1 --on 2025-03-20 --evidence "Quyết định số 235/QĐ-BNV ngày '
        '20/3/2025"\n'
        'Ví dụ:  parplan done I.3.1 --unit "Văn phòng Bộ" --milestone 1 --on 2025-03-18 '
        '--evidence "Báo cáo 45/BC-VP"',
        "Record that an item (or a milestone) was completed, with the document that shows it.\n\n"
        "Record that an item, or one milestone of it, was completed on a day (default: today), "
        "shown by a document. An item of several milestones records them one by one: without "
        '--milestone, its earliest open one. An item led by a group ("Các đơn vị thuộc, trực '
        'thuộc Bộ") is done by each member on its own: --unit names the unit whose part is '
        "recorded (required there, refused elsewhere). Only the lines of the record are added "
        "to the plan file.\n\n"
        'Example:  parplan done I.5.1 --on 2025-03-20 --evidence "Quyết định số 235/QĐ-BNV ngày '
        '20/3/2025"\n'
        'Example:  parplan done I.3.1 --unit "Văn phòng Bộ" --milestone 1 --on 2025-03-18 '
        '--evidence "Báo cáo 45/BC-VP"',
    ),
    "undo": (
        "Bỏ một ghi nhận hoàn thành (mặc định: ghi nhận gần nhất của mục).\n\n"
        "Bỏ ghi nhận hoàn thành của mốc --milestone, nếu không thì ghi nhận gần nhất của mục; "
        "với --met, bỏ ghi nhận điều kiện đã đáp ứng. Ở mục do một nhóm đơn vị chủ trì, --unit "
        "nêu đơn vị có phần việc được bỏ ghi nhận. Các dòng ghi nhận được xóa khỏi tệp kế "
        "hoạch.\n\n"
        'Ví dụ:  parplan undo I.3.2 --milestone "Tháng 3/2025"',
        "Take back a recorded completion (default: the item's most recent one).\n\n"
        "Take back a recorded completion: of --milestone, or else the item's most recent one; "
        "with --met, the recorded met condition. For an item led by a group, --unit names the "
        "unit whose part is taken back. The lines of the record are removed from the plan "
        "file.\n\n"
        'Example:  parplan undo I.3.2 --milestone "Tháng 3/2025"',
    ),
    "met": (
        'Ghi điều kiện của một mục ("Sau khi …") đã được đáp ứng, kèm văn bản chứng minh.\n\n'
        "Ghi ngày điều kiện của một mục có điều kiện được đáp ứng (mặc định hôm nay). Từ ngày đó "
        "mục được tính là đang thực hiện, đến hạn sau within_days ngày nếu mục có within_days. "
        "Mục có after: được đáp ứng khi mục kia hoàn thành, không cần lệnh này.\n\n"
        'Ví dụ:  parplan met IV.3 --on 2025-02-28 --evidence "Nghị định số 25/2025/NĐ-CP"',
        'Record that an item\'s condition ("Sau khi …") was met, with the document.\n\n'
        "Record that a conditional item's condition was met on a day (default: today). From "
        "then on the item is open, due within_days later when it gives within_days. Items with "
        "after: are met by that item's completion, without this command.\n\n"
        'Example:  parplan met IV.3 --on 2025-02-28 --evidence "Nghị định số 25/2025/NĐ-CP"',
    ),
    "fmt": (
        "Định dạng tệp kế hoạch và tệp đơn vị theo một bố cục chuẩn, giữ nguyên chú thích.\n\n"
        "Viết lại tệp kế hoạch và tệp đơn vị theo một bố cục chuẩn, để mỗi thay đổi của kế hoạch "
        "là một diff git nhỏ, dễ đọc: khóa theo thứ tự cố định, danh sách dạng khối (mỗi ghi "
        "nhận tiến độ một dòng), chỉ đặt ngoặc kép khi YAML cần, văn bản dạng NFC, xuống dòng "
        "LF, một dòng trống giữa các nhiệm vụ. Chú thích được giữ nguyên. Tệp không đọc được thì "
        "bị từ chối và không ghi gì. Với --check không ghi gì: in các tệp cần định dạng lại, "
        "thoát với mã 1 nếu có.\n\n"
        "Ví dụ:  parplan fmt --check data/plan-2025.yaml data/units.yaml",
        "Format plan and units files in one canonical layout, keeping comments.\n\n"
        "Rewrite plan and units files in one canonical layout, so that every change to the plan "
        "is a small, readable git diff: keys in a fixed order, block lists (progress entries one "
        "per line), quotes only where YAML needs them, NFC text, LF line ends, one blank line "
        "between tasks. Comments are kept. A file that does not parse is refused and nothing is "
        "written. With --check nothing is written: the files that would change are listed and "
        "the exit code is 1 if there are any.\n\n"
        "Example:  parplan fmt --check data/plan-2025.yaml data/units.yaml",
    ),
    "diff": (
        "Những gì đã thay đổi trong kế hoạch giữa hai phiên bản git.\n\n"
        "Những thay đổi của kế hoạch giữa hai phiên bản git, nói bằng ngôn ngữ của kế hoạch: mục "
        "thêm hoặc bỏ, thời hạn dời (cách viết và ngày tương ứng), đơn vị chủ trì và phối hợp, "
        "nội dung (từng từ), ghi nhận hoàn thành thêm hoặc bỏ, kèm văn bản quyết định thay đổi "
        "khi mục có ghi (amended_by). REV2 mặc định là bản đang sửa, REV1 là HEAD.\n\n"
        "Ví dụ:  parplan diff origin/main --format md",
        "What changed in the plan between two git revisions.\n\n"
        "What changed in the plan between two git revisions, in the plan's terms: items added or "
        "removed, deadlines moved (the wording and the dates it means), lead and support units, "
        "texts (word by word), completions recorded or taken back, each with the decision that "
        "made it when the item names one (amended_by). REV2 defaults to the working tree, REV1 "
        "to HEAD.\n\n"
        "Example:  parplan diff origin/main --format md",
    ),
    "textconv": (
        "In tệp kế hoạch hoặc tệp đơn vị thành mỗi dòng một dữ kiện, cho 'git diff'.\n\n"
        "In tệp kế hoạch hoặc tệp đơn vị thành mỗi dòng một dữ kiện (mã, khóa, giá trị; thời hạn "
        "kèm các ngày tương ứng), theo thứ tự của kế hoạch, cho bộ so sánh textconv của git: với "
        'dòng trong .gitattributes và `git config diff.parplan.textconv "uv run parplan '
        'textconv"`, lệnh `git diff` thông thường hiện thay đổi theo từng dữ kiện. Tệp không '
        "phải YAML hợp lệ được in nguyên như cũ.\n\n"
        "Ví dụ:  parplan textconv data/plan-2025.yaml",
        "Print a plan or units file as one fact per line, for 'git diff'.\n\n"
        "Print a plan or units file as one line per fact (ID, key, value; deadlines with the "
        "dates they mean), in plan order, for git's textconv diff driver: with the "
        '.gitattributes line and `git config diff.parplan.textconv "uv run parplan textconv"`, '
        "plain `git diff` shows changes fact by fact. A file that is not valid YAML is printed "
        "as it is.\n\n"
        "Example:  parplan textconv data/plan-2025.yaml",
    ),
    "schema": (
        "In JSON Schema (draft 2020-12) của tệp kế hoạch hoặc tệp đơn vị.\n\n"
        "In JSON Schema (draft 2020-12) của tệp kế hoạch hoặc tệp đơn vị, cho trình soạn thảo "
        "(dòng `# yaml-language-server: $schema=…` ở đầu các tệp dữ liệu) và cho CI. Bản sao "
        "được lưu trong thư mục schema/.\n\n"
        "Ví dụ:  parplan schema plan > schema/plan.schema.json",
        "Print the JSON Schema (draft 2020-12) of plan or units files.\n\n"
        "Print the JSON Schema (draft 2020-12) of plan or units files, for editors (the "
        "`# yaml-language-server: $schema=…` line at the top of the data files) and for CI. "
        "Copies are kept under schema/.\n\n"
        "Example:  parplan schema plan > schema/plan.schema.json",
    ),
    "due": (
        "Việc quá hạn và sắp đến hạn (trong N ngày tới), việc quá hạn trước.\n\n"
        "Các mốc chưa hoàn thành có hạn đến hết ngày xem + N ngày (mặc định 30): quá hạn trước, "
        "rồi theo ngày. Với --unit, chỉ các mục đơn vị chủ trì hoặc phối hợp (kể cả qua nhóm, tên "
        "gọi khác và việc sắp xếp tổ chức năm 2025), có cột vai trò; --role chỉ giữ một vai trò. "
        "Dòng quá hạn màu đỏ, dòng đến hạn trong 7 ngày màu vàng.\n\n"
        'Ví dụ:  parplan due --unit "Văn phòng Bộ" --as-of 2025-03-15',
        "Overdue and upcoming work (in the next N days), overdue first.\n\n"
        "Open milestones due on or before the day + N days (default 30): overdue first, then by "
        "date. With --unit, only the items the unit leads or supports (through groups, aliases "
        "and the reorganisation of 2025 too), with a role column; --role narrows to one role. "
        "Overdue rows are red, those due within 7 days yellow.\n\n"
        'Example:  parplan due --unit "Văn phòng Bộ" --as-of 2025-03-15',
    ),
    "overdue": (
        "Việc quá hạn chưa hoàn thành, lâu nhất trước.\n\n"
        "Các mốc chưa hoàn thành đã quá hạn, quá hạn lâu nhất trước: nửa đầu của `due`.\n\n"
        "Ví dụ:  parplan overdue --unit CCHC --format md > qua-han.md",
        "Overdue work not yet done, the longest overdue first.\n\n"
        "Open milestones whose deadline has passed, the longest overdue first: the first half "
        "of `due`.\n\n"
        "Example:  parplan overdue --unit CCHC --format md > qua-han.md",
    ),
    "upcoming": (
        "Việc sắp đến hạn trong N ngày tới (mặc định 30), theo ngày.\n\n"
        "Các mốc chưa hoàn thành có hạn từ ngày xem đến ngày xem + N ngày, theo ngày: nửa sau "
        "của `due`.\n\n"
        'Ví dụ:  parplan upcoming --unit "vu phap che" --within 60 --format csv > '
        "sap-den-han.csv",
        "Work due in the next N days (default 30), by date.\n\n"
        "Open milestones due from the day to the day + N days, by date: the second half of "
        "`due`.\n\n"
        'Example:  parplan upcoming --unit "vu phap che" --within 60 --format csv > '
        "sap-den-han.csv",
    ),
    "units": (
        "Tình hình thực hiện của từng đơn vị: số mốc theo tình trạng, tiến độ, tỷ lệ đúng hạn.\n\n"
        "Mỗi đơn vị một dòng (theo thứ tự chữ cái tiếng Việt), rồi các nhóm, rồi toàn kế hoạch: "
        "số mốc của các mục đơn vị chủ trì (--role support: phối hợp) theo tình trạng; thanh "
        "tiến độ các mốc đã đến hạn đã hoàn thành, và tỷ lệ đúng hạn (hoàn thành đúng hạn / đã "
        "đến hạn). Mục do một nhóm chủ trì tính phần việc riêng của từng đơn vị; đơn vị đã sáp "
        "nhập được tính vào dòng của đơn vị kế thừa từ ngày sáp nhập. Chỉ liệt kê các đơn vị "
        'thuộc Bộ vào ngày xem (--all: mọi đơn vị; dòng JSON có trường "active"). Dòng JSON '
        "kèm cả danh mục (tên, tên viết tắt, tên gọi khác, loại, thành viên của nhóm), để "
        "script đối chiếu tên như parplan.\n\n"
        "Ví dụ:  parplan units --as-of 2025-06-30 --format md",
        "Each unit's progress: milestones by status, progress bar, on-time rate.\n\n"
        "One row per unit (Vietnamese alphabetical order), then the groups, then the whole plan: "
        "milestones of the items the unit leads (--role support: supports) by status; a bar of "
        "the milestones past their deadline that are done, and the on-time rate (done on time / "
        "deadlines passed). An item led by a group counts each member's own part; a unit merged "
        "into another is counted in its successor's row from the merger on. Only the units of "
        'the ministry on the day are listed (--all: every unit; JSON rows say "active"). The '
        "JSON rows carry the registry too (name, short, aliases, kind, members of a group), so "
        "scripts can resolve names the way parplan does.\n\n"
        "Example:  parplan units --as-of 2025-06-30 --format md",
    ),
    "unit": (
        "Trang của một đơn vị: tình trạng, việc quá hạn, sắp đến hạn, chờ điều kiện, phối hợp.\n\n"
        "Trang của một đơn vị: các mốc theo tình trạng (chủ trì và phối hợp); các mốc quá hạn "
        "và sắp đến hạn (N ngày, mặc định 30; cả hai vai trò, có cột vai trò); các mục thường "
        "xuyên và chờ điều kiện do đơn vị chủ trì; và mọi mục đơn vị phối hợp, kèm tình trạng "
        "của từng mục. --role chỉ giữ một vai trò.\n\n"
        'Ví dụ:  parplan unit "van phong bo" --as-of 2025-03-15',
        "One unit's page: status, overdue, upcoming, waiting and supported work.\n\n"
        "One unit's page: its milestones by status (as lead and as support); its overdue and "
        "upcoming milestones (N days, default 30; both roles, with a role column); the ongoing "
        "and waiting items it leads; and every item it supports, with the statuses of each. "
        "--role narrows the page to one role.\n\n"
        'Example:  parplan unit "van phong bo" --as-of 2025-03-15',
    ),
    "show": (
        "Mọi thông tin về một mục: nhiệm vụ, sản phẩm, đơn vị, thời hạn, các mốc và tiến độ.\n\n"
        "Mọi thông tin về một mục, mỗi nội dung viết đủ: mục lớn và nhiệm vụ, sản phẩm, đơn vị "
        "chủ trì và phối hợp, thời hạn như văn bản ghi và các mốc tương ứng kèm tình trạng của "
        "từng mốc, ghi chú, và tiến độ đã ghi nhận (ngày hoàn thành, văn bản chứng minh, người "
        "ghi; điều kiện đã đáp ứng).\n\n"
        "Ví dụ:  parplan show I.3.1 --as-of 2025-07-01",
        "Everything about one item: task, product, units, deadline, milestones and progress.\n\n"
        "Everything about one item, every text whole: section and task, product, lead and "
        "support, the deadline as written and the milestones it means with the status of each, "
        "the note, and the progress recorded (completion date, evidence, who recorded it; the "
        "condition met).\n\n"
        "Example:  parplan show I.3.1 --as-of 2025-07-01",
    ),
    "list": (
        "Danh sách các mục của kế hoạch, lọc theo mục, tình trạng, đơn vị hoặc từ khóa.\n\n"
        "Mọi mục thỏa tất cả các điều kiện lọc đã nêu: --section (I … VII, hoặc một nhiệm vụ "
        "như II.6), --status (các mục có ít nhất một mốc ở tình trạng đó), --unit (và --role), "
        "--search (mọi từ, nguyên từ, không phân biệt hoa thường và dấu, trong nội dung và đơn "
        'vị của mục: "so" tìm thấy "số", "sở", không thấy "soát"; cụm trong ngoặc kép, '
        "'\"chuyển đổi số\"', tìm các từ đó liền nhau, đúng thứ tự). `--format json` không lọc "
        "là toàn bộ kế hoạch: mỗi mục một đối tượng, kèm các mốc (nhãn, hạn, loại, tình trạng). "
        "Bảng hiện 50 mục đầu trên màn hình và mọi mục khi chuyển hướng (--limit N để chọn, 0 "
        "là tất cả).\n\n"
        'Ví dụ:  parplan list --search "chuyen doi so" --status overdue --as-of 2025-06-01',
        "The plan's items, filtered by section, status, unit or words.\n\n"
        "Every item matching all the filters given: --section (I … VII, or a task such as "
        "II.6), --status (items with at least one milestone in that status), --unit (and "
        "--role), --search (every word, as a whole word, ignoring case and diacritics, in the "
        'item\'s texts and units: "so" finds "số", "sở", not "soát"; a quoted phrase, '
        "'\"chuyển đổi số\"', finds those words side by side, in that order). `--format json` "
        "with no filter is the whole plan: one object per item, with its milestones (label, due "
        "date, kind, status). The table shows the first 50 items on a terminal and every item "
        "when piped (--limit N to choose, 0 for all).\n\n"
        'Example:  parplan list --search "chuyen doi so" --status overdue --as-of 2025-06-01',
    ),
    "owing": (
        "Các đơn vị chưa hoàn thành một mốc: danh sách để nhắc việc.\n\n"
        "Các đơn vị còn nợ một mốc vào ngày xem, mỗi dòng một tên đầy đủ (JSON: danh sách tên): "
        "với mục do một nhóm chủ trì, mọi đơn vị thuộc Bộ vào ngày đến hạn của mốc chưa ghi phần "
        "việc của mình; với mục khác, đơn vị chủ trì cho đến khi mục hoàn thành. Không có "
        "--milestone thì lấy mốc sớm nhất chưa được mọi đơn vị hoàn thành (báo ở stderr).\n\n"
        "Ví dụ:  parplan owing I.3.1 --milestone 1 --as-of 2025-04-01",
        "The units that have not completed a milestone: a list for reminders.\n\n"
        "The units that still owe a milestone as of the day, one full name per line (JSON: a "
        "list of names): for an item led by a group, every member of the ministry on the "
        "milestone's due date that has not recorded its own part; for another item, its lead "
        "until it is done. Without --milestone, the earliest milestone not done by everyone "
        "(said on stderr).\n\n"
        "Example:  parplan owing I.3.1 --milestone 1 --as-of 2025-04-01",
    ),
    "report": (
        "Báo cáo CCHC định kỳ (quý, 6 tháng, 9 tháng, năm) của một đơn vị hoặc của Bộ.\n\n"
        "Báo cáo CCHC định kỳ của một đơn vị (--unit) hoặc của Bộ: số mốc theo tình trạng bên "
        "cạnh kỳ trước, những việc đã hoàn thành trong kỳ, những việc quá hạn và lý do, những "
        "việc đến hạn trong kỳ tới, và với báo cáo của Bộ, mỗi đơn vị một dòng cùng các mốc giao "
        "chung mà đơn vị chưa thực hiện phần việc. Số liệu tính đến ngày chốt của kỳ (14/03 cho "
        "quý I theo Văn bản 581/BNV-CCHC) trừ khi --as-of nêu ngày khác. docx và xlsx cần -o "
        'TỆP; các định dạng khác in ra màn hình khi không có -o. Số, ký hiệu ghi "Số: '
        'N/BC-MÃ": N theo --number (để trống để điền tay), MÃ là code của đơn vị trong '
        "units.yaml, nếu không có thì là chữ viết tắt in hoa (Nghị định 30/2020/NĐ-CP).\n\n"
        'Ví dụ:  parplan report --period Q1 --unit "Văn phòng Bộ" --format docx -o '
        "bao-cao-q1.docx",
        "The periodic CCHC report (quarter, 6 months, 9 months, year) of a unit or the ministry."
        "\n\n"
        "The periodic CCHC report of a unit (--unit) or of the ministry: milestones by status "
        "beside the previous period's, what was completed in the period's window, what is "
        "overdue and why, what falls due in the next period, and for the ministry one row per "
        "unit and the group-led milestones whose units have not done their part. Figures are as "
        "of the period's cut-off day (14/03 for Q1 under 581/BNV-CCHC) unless --as-of says "
        "otherwise. docx and xlsx need -o FILE; the others print to standard output without "
        'it. The number reads "Số: N/BC-CODE": N from --number (blank to fill in by hand), '
        "CODE the unit's code in units.yaml, else its abbreviation in capitals (Nghị định "
        "30/2020/NĐ-CP).\n\n"
        'Example:  parplan report --period Q1 --unit "Văn phòng Bộ" --format docx -o '
        "bao-cao-q1.docx",
    ),
    "ics": (
        "Lịch (iCalendar .ics) các mốc của một đơn vị, để nhập vào Outlook, Google, Thunderbird."
        "\n\n"
        "Mỗi mốc có hạn mà đơn vị phải thực hiện là một sự kiện cả ngày (mọi mốc khi không có "
        "--unit), vào hạn làm việc của mốc (ngày 20 theo lịch báo cáo với các báo cáo định kỳ), "
        "kèm lời nhắc trước --remind ngày. UID cố định: nhập lại tệp sẽ cập nhật các sự kiện chứ "
        "không nhân đôi. Mốc đã hoàn thành được đánh dấu ✓ (bỏ đi với --open).\n\n"
        'Ví dụ:  parplan ics --unit "Văn phòng Bộ" --open -o van-phong-bo.ics',
        "A unit's milestones as a calendar (iCalendar .ics) for Outlook, Google, Thunderbird.\n\n"
        "One all-day event per dated milestone the unit owes (every milestone without --unit), "
        "on its working deadline (the reporting calendar's 20th for the periodic reports), with "
        "a reminder --remind days before. UIDs are stable: importing the file again updates the "
        "events rather than duplicating them. Done milestones are marked ✓ (left out with "
        "--open).\n\n"
        'Example:  parplan ics --unit "Văn phòng Bộ" --open -o van-phong-bo.ics',
    ),
    "log": (
        "Ghi nhật ký công việc của một mục (nhất là việc thường xuyên, định kỳ).\n\n"
        "Thêm một dòng có ngày vào nhật ký công việc của mục (log:): việc đã làm, đơn vị nào "
        'làm, văn bản nào chứng minh. Mục thường xuyên ("Thường xuyên", "Định kỳ") không bao '
        "giờ hoàn thành: nhật ký của chúng là những gì `report` liệt kê là đã làm trong kỳ. Chỉ "
        "dòng nhật ký được thêm vào tệp.\n\n"
        'Ví dụ:  parplan log III.4 --text "Tiếp nhận 120 hồ sơ qua Bộ phận Một cửa" --unit VP '
        "--on 2025-03-10",
        "Record an entry in an item's work log (above all for ongoing, periodic work).\n\n"
        "Add a dated entry to an item's work log (log:): what was done, by which unit, shown by "
        'which document. Ongoing items ("Thường xuyên", "Định kỳ") are never completed: their '
        "log entries are what `report` lists as done in the period. Only the entry's line is "
        "added.\n\n"
        'Example:  parplan log III.4 --text "Tiếp nhận 120 hồ sơ qua Bộ phận Một cửa" --unit VP '
        "--on 2025-03-10",
    ),
    "late": (
        "Ghi lý do một mốc bị chậm (hiện trong `overdue` và mục III của `report`).\n\n"
        "Ghi lý do một mốc bị chậm (late:), ghi ngày --on (mặc định hôm nay; không sau hôm "
        "nay), có thể cho riêng một đơn vị của mục do một nhóm chủ trì. Báo cáo liệt kê các lý "
        "do ghi với ngày đến hạn của chính nó: lý do viết muộn cho kỳ đó vào được báo cáo khi "
        "ghi kèm --on. Không có --milestone: mốc duy nhất của mục, hoặc mốc quá hạn duy nhất. "
        "Mốc hoàn thành đúng hạn (với --unit: phần của đơn vị) không nhận lý do (mã 2); mốc "
        "hoàn thành muộn thì nhận: vì sao muộn vẫn đáng ghi lại.\n\n"
        'Ví dụ:  parplan late I.3.1 --milestone "Tháng 3/2025" --reason "Chờ số liệu của các '
        'đơn vị" --unit VP',
        "Record why a milestone is late (shown by `overdue` and in section III of `report`).\n\n"
        "Record why a milestone is late (late:), dated --on (default today; never after "
        "today), optionally for one unit of a group-led item. A report lists the reasons dated "
        "by its own deadline: a reason written later for that period reaches it when dated with "
        "--on. Without --milestone: the item's only milestone, or its only overdue one. A "
        "milestone done on time (with --unit, the unit's own part of it) takes no reason (exit "
        "2); one done late does: why it was late is still worth writing down.\n\n"
        'Example:  parplan late I.3.1 --milestone "Tháng 3/2025" --reason "Chờ số liệu của các '
        'đơn vị" --unit VP',
    ),
    "plans": (
        "Các kế hoạch trong kho: tệp, quyết định, thời kỳ, số mục, tình trạng các mốc.\n\n"
        "Các kế hoạch của kho (data/plan-*.yaml, tìm từ thư mục hiện tại trở lên): tệp, quyết "
        "định, thời kỳ, số mục, và các mốc theo tình trạng vào hôm nay (hoặc --as-of). Kế hoạch "
        "đánh dấu * là kế hoạch các lệnh khác dùng khi không có --plan hay --year: kế hoạch có "
        "thời kỳ chứa hôm nay (giờ Việt Nam), nếu không thì kế hoạch mới nhất.\n\n"
        "Ví dụ:  parplan plans --as-of 2026-01-15",
        "The plans of the repository: file, decision, period, items, milestones by status.\n\n"
        "The plans of the repository (data/plan-*.yaml, found from the working directory up): "
        "file, decision, period, items, and their milestones by status as of today (or "
        "--as-of). The plan marked * is the one the other commands use without --plan or "
        "--year: the plan whose period holds today (Vietnam time), else the latest.\n\n"
        "Example:  parplan plans --as-of 2026-01-15",
    ),
    "carry": (
        "Chuyển các nhiệm vụ chưa hoàn thành sang kế hoạch năm sau.\n\n"
        "Chép các mục chưa hoàn thành của kế hoạch cũ (tất cả, hoặc các mục đã nêu) sang kế "
        'hoạch mới, trong phần "Nhiệm vụ chuyển tiếp từ năm 2025" với carried_from: '
        '"971/QĐ-BNV I.2.2", thời hạn theo --deadline (mặc định: cuối năm đầu của kế hoạch '
        "mới); đánh dấu chúng trong kế hoạch cũ bằng carried_to và carried_on (ngày chuyển, mặc "
        "định hôm nay). Trong kế hoạch cũ các mục giữ nguyên lịch sử nhưng từ ngày đó không còn "
        "đến hạn hay quá hạn. Chỉ các dòng của lần chuyển thay đổi ở cả hai tệp; cả hai được "
        "kiểm tra trước và sau, được khóa và ghi nguyên vẹn. --undo bỏ lần chuyển gần nhất (hoặc "
        "các mục đã nêu).\n\n"
        "Ví dụ:  parplan carry --from 2025 --to 2026 I.2.2 V.3 --on 2026-01-05",
        "Carry unfinished tasks over into the next year's plan.\n\n"
        "Copy the unfinished items of the older plan (all, or those named) into the newer plan, "
        'under a section "Nhiệm vụ chuyển tiếp từ năm 2025" with carried_from: "971/QĐ-BNV '
        "I.2.2\", due --deadline there (default: the end of the new plan's first year); mark "
        "them in the older plan with carried_to and carried_on (the carry date, default today). "
        "In the older plan they keep their history, but are no longer due or overdue from that "
        "date. Only the lines of the carry change in both files, both are checked before and "
        "after, locked and written atomically. --undo takes back the latest carry (or the items "
        "named).\n\n"
        "Example:  parplan carry --from 2025 --to 2026 I.2.2 V.3 --on 2026-01-05",
    ),
    "import": (
        "Nhập bảng phụ lục của một quyết định thành tệp kế hoạch.\n\n"
        'Nhập bảng phụ lục của một quyết định — văn bản (ô kết thúc ở dòng chỉ có một dấu "|") '
        "hoặc tệp Word — thành kế hoạch theo bố cục chuẩn. Báo cáo nhập in ra stderr, mỗi dòng "
        "chỉ vị trí trong văn bản nguồn. Thoát với mã 0 khi kế hoạch đã ghi và hợp lệ, mã 1 khi "
        "không đọc được bảng hoặc kế hoạch có lỗi (đơn vị lạ: xem --accept-aliases). Không có "
        "--units và không có units.yaml cạnh --out thì ghi một units.yaml mới cạnh kế hoạch, "
        "liệt kê mọi tên tìm thấy.\n\n"
        "Ví dụ:  parplan import qd-2026.docx --out data/plan-2026.yaml --units data/units.yaml",
        "Import a decision's appendix table as a plan file.\n\n"
        "Import a decision's appendix table — its text (cells ending at a line holding a single "
        '"|") or a Word file — as a plan in the canonical layout. The import report goes to '
        "stderr, each line located in the source. Exit 0 when the plan was written and passes "
        "validate, 1 when the table cannot be read or the plan has errors (unknown units: see "
        "--accept-aliases). Without --units and with no units.yaml beside --out, a new "
        "units.yaml listing every name found is written beside the plan.\n\n"
        "Example:  parplan import qd-2026.docx --out data/plan-2026.yaml --units data/units.yaml",
    ),
    "init": (
        "Tạo kho kế hoạch mới cho một cơ quan: kế hoạch, đơn vị, schema, CI, pre-commit.\n\n"
        "Tạo kho kế hoạch cho một cơ quan, sẵn sàng cho git init: data/plan-YYYY.yaml (trống, "
        "hoặc nhập bằng --from từ văn bản hay tệp .docx của quyết định), data/units.yaml, các "
        "JSON Schema, quy trình CI cho GitHub và GitLab chạy parplan validate và fmt --check, "
        "các hook pre-commit, .gitattributes và một README. Không ghi đè tệp nào.\n\n"
        'Ví dụ:  parplan init ../so-noi-vu --agency "Sở Nội vụ tỉnh X" --from qd.txt',
        "Create a new plan repository for an agency: plan, units, schemas, CI, pre-commit.\n\n"
        "Create a plan repository for an agency, ready for git init: data/plan-YYYY.yaml "
        "(empty, or imported with --from from the decision's text or .docx), data/units.yaml, "
        "the JSON schemas, CI workflows for GitHub and GitLab that run parplan validate and fmt "
        "--check, the pre-commit hooks, .gitattributes and a README. Nothing is overwritten.\n\n"
        'Example:  parplan init ../so-noi-vu --agency "Sở Nội vụ tỉnh X" --from qd.txt',
    ),
    "export": (
        "Xuất các kế hoạch ra một cơ sở dữ liệu SQLite, kèm metadata.json cho Datasette.\n\n"
        "Xuất mọi kế hoạch đã nêu (mặc định: mọi plan*.yaml trong data/, hoặc $PARPLAN_PLAN) "
        "vào một cơ sở dữ liệu SQLite: các bảng plans, items, milestones (hạn và tình trạng vào "
        "ngày --as-of, mặc định hôm nay), units, item_units (mỗi đơn vị chịu trách nhiệm về một "
        "mục, kèm vai trò, kể cả qua nhóm), progress, và tìm kiếm toàn văn trên nội dung các mục. "
        "Mỗi kế hoạch được kiểm tra trước (với units.yaml cạnh nó, hoặc --units cho mọi kế "
        "hoạch); kế hoạch có lỗi thì dừng "
        "xuất (mã 1). Cơ sở dữ liệu được tạo cạnh tệp đích rồi đổi tên đè lên; metadata.json "
        "(tiêu đề, mô tả cột, truy vấn dựng sẵn) được ghi bên cạnh. Mở chỉ đọc bằng "
        "`datasette plans.db --metadata metadata.json`.\n\n"
        "Ví dụ:  parplan export --sqlite plans.db --plan data/plan-2025.yaml",
        "Export the plans into one SQLite database, with a metadata.json for Datasette.\n\n"
        "Export every plan given (default: every plan*.yaml in data/, or $PARPLAN_PLAN) into one "
        "SQLite database: tables plans, items, milestones (due and status as of --as-of, default "
        "today), units, item_units (each unit answering for an item, with its role, through "
        "groups), progress, and full-text search on the items' texts. Each plan is checked "
        "first (with the units.yaml beside it, or --units for every plan); a plan with errors stops the export (exit 1). "
        "The database is built beside the destination and renamed over it; metadata.json "
        "(titles, column descriptions, canned queries) is written beside it. Serve it read-only "
        "with `datasette plans.db --metadata metadata.json`.\n\n"
        "Example:  parplan export --sqlite plans.db --plan data/plan-2025.yaml",
    ),
    # -----------------------------------------------------------------------------------------
    # options shared by several commands
    # issue 21: the decision's targets
    "measure": (
        "Ghi số liệu thực hiện một chỉ tiêu của kế hoạch, kèm văn bản chứng minh.\n\n"
        "Ghi số liệu của một chỉ tiêu vào một ngày (mặc định hôm nay): một tỷ lệ (--value, hoặc "
        "--of và --total: 140 trên 193 là 72,54%) hoặc một số lượng. Tỷ lệ nằm trong 0–100, tử "
        "số không lớn hơn mẫu số; ngày sau hôm nay bị từ chối, ngày ngoài năm của chỉ tiêu được "
        "ghi kèm cảnh báo. Một dòng được thêm vào danh sách measurements: của tệp kế hoạch. "
        "--undo bỏ số liệu gần nhất của chỉ tiêu (hoặc của ngày --on): ghi rồi bỏ trả lại đúng "
        "tệp ban đầu.\n\n"
        "Ví dụ:  parplan measure II.2.g-1 --value 72.5 --of 140 --total 193 --on 2025-06-10 "
        '--evidence "Báo cáo số 12/BC-VP"\n\n'
        "Ví dụ:  parplan measure II.2.g-1 --undo",
        "Record a figure for one of the decision's targets, with the document that shows it.\n\n"
        "Record a target's figure on a day (default today): a percentage (--value, or --of and "
        "--total: 140 of 193 is 72.54%) or a count. A percentage lies within 0–100 and the "
        "numerator is at most the denominator; a day after today is refused, a day outside the "
        "target's year is recorded with a warning. One line is added to the plan's "
        "measurements: list. --undo takes back the target's latest figure (or that of --on): "
        "recording and taking back gives the identical file.\n\n"
        "Example:  parplan measure II.2.g-1 --value 72.5 --of 140 --total 193 --on 2025-06-10 "
        '--evidence "Báo cáo số 12/BC-VP"\n\n'
        "Example:  parplan measure II.2.g-1 --undo",
    ),
    "targets": (
        "Các chỉ tiêu của kế hoạch và kết quả thực hiện tính đến một ngày.\n\n"
        "Mỗi chỉ tiêu của quyết định tính đến một ngày (mặc định hôm nay): số liệu mới nhất của kỳ "
        "số liệu đang xét (kỳ báo cáo đang chuẩn bị vào ngày đó: ngày 30/06 là kỳ quý III "
        "15/06–14/09), kết quả — đạt, chưa đạt (kèm phần còn thiếu) hoặc chưa có số liệu (kỳ đó "
        "chưa có số liệu) — và xu hướng so với số liệu trước. --unit chỉ giữ các chỉ tiêu đơn vị "
        "chịu trách nhiệm.\n\n"
        "Ví dụ:  parplan targets --as-of 2025-06-30",
        "The decision's numeric targets and their results as of a day.\n\n"
        "Each target as of a day (default today): the latest figure of the current reporting "
        "window (the report being prepared that day: on 30/06 the Q3 window 15/06–14/09), the "
        "status — met, not met (with the gap) or no data (no figure in that window) — and the "
        "trend since the figure before. --unit keeps the targets that unit answers for.\n\n"
        "Example:  parplan targets --as-of 2025-06-30",
    ),
    "measure.target": ("Mã chỉ tiêu, ví dụ II.2.g-1.", "A target ID, e.g. II.2.g-1."),
    "measure.value": ("Số liệu (72.5 hoặc 72,5).", "The figure (72.5 or 72,5)."),
    "measure.of": ("Tử số: số đạt.", "Numerator: how many meet it."),
    "measure.total": ("Mẫu số: tổng số.", "Denominator: how many in all."),
    "measure.unit": ("Đơn vị báo cáo số liệu.", "The unit reporting the figure."),
    "measure.by": ("Người ghi (recorded_by).", "Who records it (recorded_by)."),
    "measure.undo": (
        "Bỏ số liệu gần nhất của chỉ tiêu (hoặc của ngày --on).",
        "Take the target's latest figure back (or that of --on).",
    ),
    "plan": (
        "Tệp kế hoạch; mặc định: tìm data/plan-*.yaml từ thư mục hiện tại trở lên, chọn kế "
        "hoạch của năm nay (hoặc mới nhất).",
        "The plan file; default: data/plan-*.yaml found from the working directory upwards, "
        "the plan of this year (or the latest).",
    ),
    "year": (
        "Chọn kế hoạch của năm này trong kho (data/plan-*.yaml).",
        "The plan of that year in the repository (data/plan-*.yaml).",
    ),
    "units-file": (
        "Tệp đơn vị (mặc định: units.yaml cạnh tệp kế hoạch).",
        "The units file (default: units.yaml beside the plan).",
    ),
    "lang": ("vi (mặc định) hoặc en.", "vi (the default) or en."),
    "as-of": (
        "Xem kế hoạch tại ngày này (YYYY-MM-DD); mặc định hôm nay (giờ Việt Nam).",
        "See the plan as it stood on this day (YYYY-MM-DD); default today in Vietnam.",
    ),
    "on": (
        "Ngày (YYYY-MM-DD hoặc DD/MM/YYYY); mặc định hôm nay.",
        "The day (YYYY-MM-DD or DD/MM/YYYY); default today.",
    ),
    "unit-filter": (
        "Đơn vị: tên, tên viết tắt hoặc tên gọi khác, không phân biệt dấu.",
        "The unit: its name, abbreviation or alias, accents and case optional.",
    ),
    "within": ("Số ngày tới (mặc định 30).", "Days ahead (default 30)."),
    "role": (
        "lead (chủ trì) hoặc support (phối hợp); mặc định cả hai, có cột vai trò.",
        "lead or support; default both, with a role column.",
    ),
    "view.format": (
        "table (bảng), json, csv (UTF-8 có BOM), xlsx (tệp Excel: chuyển ra tệp, > bang.xlsx) "
        "hoặc md (Markdown cho báo cáo).",
        "table, json, csv (UTF-8 with a BOM), xlsx (an Excel file: redirect it, > table.xlsx) "
        "or md (Markdown for reports).",
    ),
    "limit": (
        "Bảng: chỉ hiện N dòng đầu (0: tất cả); mặc định 50 trên màn hình, tất cả khi chuyển "
        "hướng.",
        "Tables: the first N rows only (0: all); default 50 on a terminal, all when redirected.",
    ),
    "output": ("Ghi ra tệp này.", "Write to this file."),
    # -----------------------------------------------------------------------------------------
    # options of one command (or of the commands of one area)
    "validate.format": (
        "text, json hoặc github (chú thích cho GitHub Actions).",
        "text, json or github (GitHub Actions annotations).",
    ),
    "validate.base": (
        "Phiên bản git để so sánh: cảnh báo thời hạn đã đổi mà không ghi 'amended_by'.",
        "A git revision to compare with: warn of deadlines changed without 'amended_by'.",
    ),
    "ledger.item": ("Mã mục, ví dụ I.5.1.", "An item ID, e.g. I.5.1."),
    "ledger.milestone": (
        'Mốc: nhãn ("Tháng 3/2025", "Ban hành") hoặc số thứ tự 1, 2, …',
        'The milestone: its label ("Tháng 3/2025", "Ban hành") or its number 1, 2, …',
    ),
    "ledger.evidence": (
        "Văn bản chứng minh: số, ký hiệu, ngày.",
        "The document that shows it: number, symbol, date.",
    ),
    "ledger.unit": (
        "Đơn vị ghi phần việc của mình ở mục do một nhóm đơn vị chủ trì (tên, tên viết tắt "
        "hoặc tên gọi khác).",
        "The member unit whose own part of a group-led item is recorded (name, abbreviation or "
        "alias).",
    ),
    "done.by": ("Người ghi (recorded_by).", "Who records it (recorded_by)."),
    "undo.met": (
        "Bỏ ghi nhận điều kiện đã đáp ứng (met).",
        "Take back the recorded met condition (met).",
    ),
    "fmt.files": (
        "Các tệp cần định dạng (mặc định: mọi kế hoạch của kho và tệp đơn vị).",
        "The files to format (default: every plan of the repository and the units file).",
    ),
    "fmt.check": (
        "Không ghi gì: in các tệp cần định dạng lại, thoát với mã 1 nếu có (cho CI).",
        "Write nothing: list the files that would change, exit 1 if any (for CI).",
    ),
    "diff.revisions": (
        "Hai phiên bản git cần so sánh (mặc định: HEAD và bản đang sửa).",
        "The two git revisions to compare (default: HEAD and the working tree).",
    ),
    "diff.format": (
        "text, json hoặc md (Markdown cho bình luận pull request).",
        "text, json or md (Markdown for a pull-request comment).",
    ),
    "textconv.file": ("Tệp kế hoạch hoặc tệp đơn vị.", "A plan or units file."),
    "schema.kind": ("plan hoặc units.", "plan or units."),
    "units.role": (
        "lead (chủ trì, mặc định) hoặc support (phối hợp).",
        "lead (the default) or support.",
    ),
    "units.all": (
        "Cả các đơn vị không còn thuộc Bộ vào ngày xem.",
        "The units no longer in the ministry on the day too.",
    ),
    "unit.name": (
        "Tên đơn vị, tên viết tắt hoặc tên gọi khác, không phân biệt dấu.",
        "The unit's name, abbreviation or alias, accents and case optional.",
    ),
    "show.item": ("Mã mục, ví dụ I.2.1.", "An item ID, e.g. I.2.1."),
    "list.section": (
        "Mục lớn (I … VII) hoặc nhiệm vụ (II.6).",
        "A section (I … VII) or a task (II.6).",
    ),
    "list.status": (
        "done_on_time, done_late, pending, overdue, ongoing, waiting hoặc transferred, hay chữ "
        "trong bảng (quá hạn, trong hạn, xong): các mục có ít nhất một mốc ở tình trạng này.",
        "done_on_time, done_late, pending, overdue, ongoing, waiting or transferred, or the "
        "tables' words (quá hạn, trong hạn, xong): items with a milestone in that status.",
    ),
    "list.search": (
        "Các từ cần tìm, nguyên từ, không phân biệt dấu và hoa thường; cụm trong ngoặc kép tìm "
        "các từ liền nhau theo thứ tự: --search '\"chuyển đổi số\"'.",
        "Words to find, as whole words, ignoring accents and case; a quoted phrase finds those "
        "words side by side: --search '\"chuyển đổi số\"'.",
    ),
    "owing.item": ("Mã mục, ví dụ I.3.1.", "An item ID, e.g. I.3.1."),
    "owing.milestone": (
        'Mốc: nhãn ("Tháng 3/2025") hoặc số thứ tự; mặc định mốc sớm nhất chưa xong.',
        'The milestone: its label ("Tháng 3/2025") or number; default the earliest not done.',
    ),
    "report.period": (
        "Kỳ báo cáo: Q1 (quý I), 6T (6 tháng), Q3 (quý III), 9T (9 tháng), nam (năm).",
        "The period: Q1 (first quarter), 6T (six months), Q3 (third quarter), 9T (nine "
        "months), nam (the year).",
    ),
    "report.year": (
        "Năm của báo cáo; chọn luôn kế hoạch của năm đó trong kho (mặc định: năm của kế hoạch). "
        "Với --plan: phải là một năm của kế hoạch đó.",
        "The report's year, which also picks the plan (default: the plan's year); with --plan, "
        "a year of that plan.",
    ),
    "report.format": (
        "md, docx (Word), html, xlsx (Excel) hoặc json.",
        "md, docx (Word), html, xlsx (Excel) or json.",
    ),
    "report.as-of": (
        "Số liệu tính đến ngày này (YYYY-MM-DD); mặc định ngày chốt số liệu của kỳ (14/03 cho "
        "quý I).",
        "Figures as of this day (YYYY-MM-DD); default the period's cut-off day (14/03 for Q1).",
    ),
    "report.number": (
        "Số của văn bản (chữ số), in trước ký hiệu: Số: 12/BC-VP; mặc định để trống.",
        "The document's number (digits), before its symbol: Số: 12/BC-VP; default blank.",
    ),
    "ics.role": (
        "lead (chủ trì) hoặc support (phối hợp); mặc định cả hai.",
        "lead or support; default both.",
    ),
    "ics.from": (
        "Từ ngày (YYYY-MM-DD hoặc DD/MM/YYYY).",
        "From this day (YYYY-MM-DD or DD/MM/YYYY).",
    ),
    "ics.to": ("Đến ngày (YYYY-MM-DD hoặc DD/MM/YYYY).", "To this day (YYYY-MM-DD or DD/MM/YYYY)."),
    "ics.remind": (
        "Nhắc trước N ngày (mặc định 7; 0: không nhắc).",
        "Remind N days before (default 7; 0: no reminder).",
    ),
    "ics.open": ("Bỏ các mốc đã hoàn thành.", "Leave out the milestones done."),
    "worklog.item": ("Mã mục, ví dụ III.4.", "An item ID, e.g. III.4."),
    "log.text": ("Việc đã làm.", "What was done."),
    "log.evidence": ("Văn bản chứng minh.", "The document that shows it."),
    "late.reason": ("Lý do chậm.", "Why it is late."),
    "late.milestone": (
        'Mốc: nhãn ("Tháng 3/2025") hoặc số thứ tự.',
        'The milestone: its label ("Tháng 3/2025") or number.',
    ),
    "plans.format": ("table hoặc json.", "table or json."),
    "carry.ids": (
        "Các mục cần chuyển (mặc định: mọi mục chưa hoàn thành).",
        "The items to carry over (default: every item not done).",
    ),
    "carry.from": (
        "Kế hoạch cũ: năm (2025) hoặc tệp.",
        "The older plan: its year (2025) or file.",
    ),
    "carry.to": ("Kế hoạch mới: năm (2026) hoặc tệp.", "The newer plan: its year (2026) or file."),
    "carry.on": (
        "Ngày chuyển tiếp (YYYY-MM-DD); mặc định hôm nay.",
        "The day of the carry (YYYY-MM-DD); default today.",
    ),
    "carry.deadline": (
        'Thời hạn trong kế hoạch mới (mặc định "Năm <năm của kế hoạch mới>").',
        'The deadline in the newer plan (default "Năm <the newer plan\'s year>").',
    ),
    "carry.undo": (
        "Hoàn tác: bỏ lần chuyển gần nhất (hoặc các mục đã nêu).",
        "Undo: take back the latest carry (or the items named).",
    ),
    "init.directory": ("Thư mục của kho mới.", "The new repository's folder."),
    "init.agency": (
        'Cơ quan ban hành kế hoạch, ví dụ "Sở Nội vụ tỉnh X".',
        'The agency that issues the plan, e.g. "Sở Nội vụ tỉnh X".',
    ),
    "init.from": (
        "Quyết định để nhập kế hoạch (văn bản hoặc .docx).",
        "The decision to import the plan from (text or .docx).",
    ),
    "init.year": ("Năm của kế hoạch (mặc định năm nay).", "The plan's year (default this year)."),
    "init.decision": (
        "Số, ký hiệu quyết định (kế hoạch trống).",
        "The decision's number and symbol (an empty plan).",
    ),
    "import.source": (
        "Văn bản quyết định (.txt) hoặc tệp Word (.docx).",
        "The decision's text (.txt) or Word file (.docx).",
    ),
    "import.out": (
        "Tệp kế hoạch sẽ ghi (mặc định: in ra màn hình).",
        "The plan file to write (default: print it).",
    ),
    "import.units": (
        "Danh mục đơn vị để đối chiếu tên (mặc định: units.yaml cạnh --out).",
        "The units file to match names against (default: units.yaml beside --out).",
    ),
    "import.year": (
        "Năm của kế hoạch (mặc định: đọc từ quyết định).",
        "The plan's year (default: read from the decision).",
    ),
    "import.period": ("Kế hoạch nhiều năm, dạng 2026-2030.", "A plan of several years: 2026-2030."),
    "import.accept-aliases": (
        "Ghi các tên đơn vị lạ làm tên gọi khác của đơn vị gần nhất trong danh mục.",
        "Write unknown unit names as aliases of the nearest unit of the units file.",
    ),
    "export.sqlite": (
        "Tệp SQLite để ghi (được thay thế trọn vẹn).",
        "The SQLite database to write (replaced whole).",
    ),
    "export.plan": (
        "Tệp kế hoạch, có thể nhắc lại; mặc định mọi plan*.yaml trong data/ (hoặc $PARPLAN_PLAN).",
        "A plan file, may be repeated; default every plan*.yaml in data/ (or $PARPLAN_PLAN).",
    ),
}


def help_text(key: str, lang: str) -> str | None:
    """The help of ``key`` in ``lang`` (vi or en), or None when the table has no such id."""
    found = HELP.get(key)
    if found is None:
        return None
    return found[1] if lang == "en" else found[0]
