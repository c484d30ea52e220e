"""The bilingual demo curriculum, written from shared/domain.md.

``L(zh, en)`` is one text in both languages; courses.demo picks a language.
Question option tuples: (text, credit, feedback[, match]).
"""


class L(tuple):
    def __new__(cls, zh, en):
        return super().__new__(cls, (zh, en))


SINGLE, MULTIPLE, TF, SJT, ORDER, MATCH = (
    "single",
    "multiple",
    "true_false",
    "situational",
    "ordering",
    "matching",
)


def q(key, kind, skill, difficulty, title, stem, options=(), tf=None, general=None):
    return {
        "key": key,
        "kind": kind,
        "skill": skill,
        "difficulty": difficulty,
        "title": title,
        "stem": stem,
        "options": options,
        "tf": tf,
        "general": general or L("", ""),
    }


def o(text=None, credit=0, feedback=None, match=None):
    return (text, credit, feedback or L("", ""), match or L("", ""))


OK, NO = L("正确。", "Correct."), L("不正确。", "Not quite.")

EIGHT_STEPS = [
    L("记录投诉内容", "Record the complaint"),
    L("判断投诉是否成立", "Judge whether it is valid"),
    L("确定处理部门", "Assign the responsible department"),
    L("责任部门分析原因", "The department analyses the cause"),
    L("提出处理方案", "Propose a resolution"),
    L("提交主管审批", "Get supervisor approval"),
    L(
        "实施方案、追究责任、告知顾客并尽快收集反馈",
        "Carry it out, hold the responsible person accountable, inform the "
        "customer and collect feedback quickly",
    ),
    L("总结评价", "Review and summarise"),
]


# --- rubrics ---------------------------------------------------------------


def lv(label, descriptor, points):
    return (label, descriptor, points)


def crit(key, title, weight, levels, critical=False, pass_points=None, allow_na=False):
    return {
        "key": key,
        "title": title,
        "weight": weight,
        "levels": levels,
        "critical": critical,
        "pass_points": pass_points,
        "allow_na": allow_na,
    }


THREE = [L("未达到", "Not yet"), L("基本达到", "Meets"), L("优秀", "Excellent")]


def levels3(not_yet, meets, excellent):
    return [
        lv(THREE[0], not_yet, 0),
        lv(THREE[1], meets, 1),
        lv(THREE[2], excellent, 2),
    ]


RUBRICS = {
    "counter": {
        "title": L("柜台接待评分表", "Counter service rubric"),
        "description": L(
            "用于柜台角色扮演和神秘顾客暗访。",
            "For counter role-plays and mystery-shopper audits.",
        ),
        "pass_mark": 70,
        "criteria": [
            crit(
                "greet",
                L("主动问候", "Greets first"),
                1,
                levels3(
                    L(
                        "没有问候或等顾客先开口。",
                        "No greeting, or waits for the customer to speak.",
                    ),
                    L(
                        "有问候，但缺少微笑或目光接触。",
                        "Greets, but without a smile or eye contact.",
                    ),
                    L(
                        "三秒内微笑问候并有目光接触（如“欢迎光临”）。",
                        "Smiles and greets within three seconds with eye contact (e.g. “Welcome”).",
                    ),
                ),
            ),
            crit(
                "listen",
                L("倾听与确认", "Listens and confirms"),
                2,
                levels3(
                    L(
                        "打断顾客或答非所问。",
                        "Interrupts or answers a different question.",
                    ),
                    L("听完但没有复述确认。", "Listens but does not confirm."),
                    L(
                        "耐心倾听并复述确认需求。",
                        "Listens patiently and restates the need to confirm it.",
                    ),
                ),
            ),
            crit(
                "solve",
                L("解决需求", "Meets the need"),
                2,
                levels3(
                    L("需求没有得到处理。", "The need is not met."),
                    L("按标准流程解决。", "Solved by the standard procedure."),
                    L(
                        "解决并主动提供额外帮助。",
                        "Solved, and offers unprompted extra help.",
                    ),
                ),
            ),
            crit(
                "close",
                L("礼貌道别", "Polite close"),
                1,
                levels3(
                    L("没有道别。", "No closing."),
                    L("简单道别。", "A brief goodbye."),
                    L(
                        "感谢并确认是否还有其他需要。",
                        "Thanks the customer and checks for anything else.",
                    ),
                ),
            ),
        ],
    },
    "phone": {
        "title": L("电话服务评分表", "Telephone service rubric"),
        "description": L(
            "用于电话角色扮演与通话质检（监听）。",
            "For phone role-plays and call-monitoring QA.",
        ),
        "pass_mark": 75,
        "criteria": [
            crit(
                "open",
                L("规范开场", "Standard opening"),
                1,
                levels3(
                    L("没有报公司名或姓名。", "Does not give the company or own name."),
                    L("报了名称但语气平淡。", "Gives the names in a flat tone."),
                    L(
                        "铃响三声内接听，语气热情并报名称。",
                        "Answers within three rings, warmly, with names.",
                    ),
                ),
            ),
            crit(
                "clarity",
                L("表达清晰准确", "Clear and accurate"),
                2,
                levels3(
                    L("信息有误或含糊。", "Wrong or vague information."),
                    L("信息正确但用语专业难懂。", "Correct, but full of jargon."),
                    L(
                        "信息准确，用顾客听得懂的话说明。",
                        "Accurate, in words the customer understands.",
                    ),
                ),
            ),
            crit(
                "confirm",
                L("复述确认", "Confirms"),
                2,
                levels3(
                    L("没有确认关键信息。", "Does not confirm key details."),
                    L("确认了部分信息。", "Confirms some details."),
                    L(
                        "复述号码、时间等关键信息并获得确认。",
                        "Reads back numbers and times and gets a yes.",
                    ),
                ),
            ),
            crit(
                "hold",
                L("等待与转接", "Holds and transfers"),
                1,
                levels3(
                    L(
                        "未告知就让顾客等待或转接。",
                        "Puts on hold or transfers without asking.",
                    ),
                    L(
                        "告知但没有说明原因或时间。",
                        "Asks, but gives no reason or time.",
                    ),
                    L(
                        "征得同意并说明原因和预计时间。",
                        "Asks first and gives the reason and expected time.",
                    ),
                ),
                allow_na=True,
            ),
        ],
    },
    "complaint": {
        "title": L("投诉处理评分表", "Complaint handling rubric"),
        "description": L(
            "用于投诉处理角色扮演；“承担责任”为关键项。",
            "For complaint role-plays; “takes ownership” is critical.",
        ),
        "pass_mark": 70,
        "criteria": [
            crit(
                "own",
                L(
                    "首问负责，承担责任",
                    "Takes ownership (first-question responsibility)",
                ),
                2,
                levels3(
                    L(
                        "推诿给其他部门或同事。",
                        "Passes the customer on to someone else.",
                    ),
                    L(
                        "接手但没有说明后续由谁跟进。",
                        "Takes it on but does not say who follows up.",
                    ),
                    L(
                        "明确表示由自己负责跟进到底。",
                        "States clearly that they own it until it is resolved.",
                    ),
                ),
                critical=True,
                pass_points=1,
            ),
            crit(
                "empathy",
                L("倾听与致歉", "Listens and apologises"),
                2,
                levels3(
                    L("争辩或责怪顾客。", "Argues with or blames the customer."),
                    L("致歉但显得程式化。", "Apologises in a scripted way."),
                    L(
                        "耐心倾听，真诚致歉并表示理解。",
                        "Listens, apologises sincerely and shows understanding.",
                    ),
                ),
            ),
            crit(
                "record",
                L("记录与判断", "Records and judges"),
                1,
                levels3(
                    L("没有记录关键事实。", "Key facts are not recorded."),
                    L("记录但未核实。", "Records without checking."),
                    L(
                        "记录并核实事实，判断投诉是否成立。",
                        "Records and checks the facts, judges validity.",
                    ),
                ),
            ),
            crit(
                "recover",
                L("补救方案", "Recovery offer"),
                2,
                levels3(
                    L("没有提出方案。", "No resolution offered."),
                    L("提出标准方案。", "Offers the standard resolution."),
                    L(
                        "快速解决并给予适当补偿。",
                        "Fixes it quickly and compensates appropriately.",
                    ),
                ),
                allow_na=True,
            ),
        ],
    },
    "chat": {
        "title": L("在线客服评分表", "Online chat rubric"),
        "description": L(
            "用于在线客服角色扮演与质检。", "For online chat role-plays and QA."
        ),
        "pass_mark": 70,
        "criteria": [
            crit(
                "speed",
                L("响应速度", "Response speed"),
                1,
                levels3(
                    L("超过一分钟未回复。", "No reply for over a minute."),
                    L("一分钟内回复。", "Replies within a minute."),
                    L(
                        "二十秒内回复并告知处理进度。",
                        "Replies within 20 seconds and gives progress.",
                    ),
                ),
            ),
            crit(
                "recovery",
                L("系统故障后的补救", "Recovery after the system failure"),
                2,
                levels3(
                    L("只说“系统问题”。", "Only says “system problem”."),
                    L("致歉并给出替代办法。", "Apologises and offers a workaround."),
                    L(
                        "致歉、给出替代办法并主动回访。",
                        "Apologises, offers a workaround and follows up.",
                    ),
                ),
                critical=True,
                pass_points=1,
            ),
            crit(
                "end",
                L("结束体验（峰终）", "The ending (peak-end)"),
                2,
                levels3(
                    L("匆忙结束对话。", "Ends the chat abruptly."),
                    L("礼貌结束。", "Ends politely."),
                    L(
                        "确认问题已解决并以积极的方式结束。",
                        "Confirms the fix and ends on a positive note.",
                    ),
                ),
            ),
        ],
    },
}


# --- question bank -----------------------------------------------------------

QUESTIONS = [
    # Service awareness
    q(
        "sa-chain",
        SINGLE,
        "service_awareness",
        1,
        L("服务利润链", "Service-profit chain"),
        L(
            "“服务利润链”的核心观点是什么？",
            "What is the core idea of the service-profit chain?",
        ),
        [
            o(
                L(
                    "满意的员工带来满意的顾客",
                    "Satisfied staff make satisfied customers",
                ),
                1,
                OK,
            ),
            o(L("利润越高服务越好", "Higher profit means better service"), 0, NO),
            o(L("顾客总是对的", "The customer is always right"), 0, NO),
            o(L("服务只是前台的事", "Service is only the front desk's job"), 0, NO),
        ],
    ),
    q(
        "sa-silence",
        TF,
        "service_awareness",
        1,
        L("沉默的顾客", "Silent customers"),
        L(
            "顾客没有投诉，就说明他们很满意。",
            "If customers do not complain, they are satisfied.",
        ),
        tf=(
            False,
            L("大多数不满意的顾客从不投诉。", "Most unhappy customers never complain."),
            L("对：沉默不等于满意。", "Right: silence is not satisfaction."),
        ),
    ),
    q(
        "sa-levels",
        MATCH,
        "service_awareness",
        2,
        L("服务的三个层次", "Three levels of service"),
        L("把服务层次与例子配对。", "Match each service level with an example."),
        [
            o(
                L("基本服务", "Basic service"),
                match=L(
                    "准时开门营业，柜台整洁", "Opening on time with a tidy counter"
                ),
            ),
            o(
                L("响应服务", "Responsive service"),
                match=L(
                    "顾客要求时帮忙复印资料",
                    "Copying a document when the customer asks",
                ),
            ),
            o(
                L("意外服务", "Surprise service"),
                match=L(
                    "记得老顾客的生日并送上祝福", "Remembering a regular's birthday"
                ),
            ),
            o(match=L("拒绝顾客的所有特殊要求", "Refusing every special request")),
        ],
    ),
    q(
        "sa-initiative",
        SJT,
        "service_awareness",
        2,
        L("主动服务", "Taking the initiative"),
        L(
            "一位老人站在自助机前犹豫不决，你正在整理单据。最好的做法是？",
            "An elderly customer hesitates at the self-service kiosk while you sort papers. Best response?",
        ),
        [
            o(
                L(
                    "放下手头工作，走过去问是否需要帮助",
                    "Put the papers down, walk over and offer help",
                ),
                1,
                L("主动服务，体现服务意识。", "Initiative: this is service awareness."),
            ),
            o(
                L("等他来柜台再说", "Wait until he comes to the counter"),
                0.2,
                L("被动等待，顾客可能放弃。", "Passive; he may give up."),
            ),
            o(
                L(
                    "大声告诉他按屏幕提示操作",
                    "Call out that he should follow the screen",
                ),
                0.4,
                L("有回应但不够体贴。", "A response, but not a caring one."),
            ),
            o(
                L("继续整理单据", "Keep sorting papers"),
                0,
                L("忽视了顾客。", "The customer is ignored."),
            ),
        ],
    ),
    q(
        "sa-attitude",
        MULTIPLE,
        "service_awareness",
        2,
        L("以顾客为中心的态度", "A customer-centred attitude"),
        L(
            "哪些做法体现以顾客为中心？（多选）",
            "Which show a customer-centred attitude? (choose all)",
        ),
        [
            o(
                L(
                    "站在顾客角度考虑问题",
                    "Seeing the problem from the customer's side",
                ),
                0.5,
                OK,
            ),
            o(
                L(
                    "主动提供顾客可能需要的信息",
                    "Offering information the customer may need",
                ),
                0.5,
                OK,
            ),
            o(
                L("先完成自己的工作再接待顾客", "Finishing own tasks before serving"),
                -0.5,
                NO,
            ),
            o(
                L("按规定拒绝一切例外", "Refusing every exception by the rulebook"),
                -0.5,
                NO,
            ),
        ],
    ),
    q(
        "sa-surprise",
        SINGLE,
        "service_awareness",
        1,
        L("意外服务", "Surprise service"),
        L("下列哪项属于“意外服务”？", "Which is an example of surprise service?"),
        [
            o(L("雨天为顾客准备雨伞", "Lending an umbrella on a rainy day"), 1, OK),
            o(
                L("按时办理业务", "Processing the request on time"),
                0,
                L("这是基本服务。", "That is basic service."),
            ),
            o(
                L("顾客问路时指路", "Giving directions when asked"),
                0,
                L("这是响应服务。", "That is responsive service."),
            ),
        ],
    ),
    q(
        "sa-staff",
        TF,
        "service_awareness",
        1,
        L("员工满意", "Staff satisfaction"),
        L(
            "员工得到公司的充分支持，有助于提供更好的服务。",
            "Staff who get adequate support from the company serve customers better.",
        ),
        tf=(
            True,
            L("对。", "Right."),
            L("员工支持是保证性的一部分。", "Staff support is part of assurance."),
        ),
    ),
    q(
        "sa-order",
        ORDER,
        "service_awareness",
        2,
        L("接待顾客的顺序", "Order of a counter visit"),
        L("把柜台接待的步骤按顺序排列。", "Put the steps of a counter visit in order."),
        [
            o(L("微笑问候", "Smile and greet")),
            o(L("倾听需求", "Listen to the need")),
            o(L("复述确认", "Restate to confirm")),
            o(L("办理业务", "Handle the request")),
            o(L("感谢道别", "Thank and say goodbye")),
        ],
    ),
    # Communication
    q(
        "co-greet",
        SINGLE,
        "communication",
        1,
        L("问候语", "Greeting phrases"),
        L(
            "顾客走进门店时，第一句话最合适的是？",
            "A customer walks in. The best first words?",
        ),
        [
            o(L("“欢迎光临！”", "“Welcome!”"), 1, OK),
            o(L("“你要干什么？”", "“What do you want?”"), 0, NO),
            o(L("“等一下。”", "“Wait a minute.”"), 0, NO),
        ],
    ),
    q(
        "co-nonverbal",
        MULTIPLE,
        "communication",
        1,
        L("非语言沟通", "Non-verbal communication"),
        L(
            "哪些属于非语言沟通？（多选）",
            "Which are non-verbal communication? (choose all)",
        ),
        [
            o(L("微笑", "Smiling"), 0.34, OK),
            o(L("目光接触", "Eye contact"), 0.33, OK),
            o(L("站姿", "Posture"), 0.33, OK),
            o(
                L("“请到这里来”", "“Please come this way”"),
                -1,
                L("这是语言表达。", "That is verbal."),
            ),
        ],
    ),
    q(
        "co-listen",
        TF,
        "communication",
        1,
        L("倾听", "Listening"),
        L(
            "倾听时应该在顾客说完前准备好回答并尽快打断。",
            "While listening, prepare your answer and cut in early.",
        ),
        tf=(
            False,
            L(
                "打断顾客会让顾客觉得不被尊重。",
                "Interrupting makes customers feel unheard.",
            ),
            L("对：先听完再回应。", "Right: listen fully, then respond."),
        ),
    ),
    q(
        "co-confirm",
        SJT,
        "communication",
        2,
        L("电话确认", "Confirming on the phone"),
        L(
            "顾客在电话里报了手机号码要求回电。最好的做法是？",
            "On the phone, a customer gives a number for a call-back. Best response?",
        ),
        [
            o(
                L(
                    "逐位复述号码并请顾客确认",
                    "Read the number back digit by digit and ask to confirm",
                ),
                1,
                L("复述确认避免差错。", "Reading back prevents mistakes."),
            ),
            o(
                L("说“好的，记下了”", "Say “OK, got it”"),
                0.3,
                L("没有确认。", "Nothing is confirmed."),
            ),
            o(
                L("让顾客再发一条短信", "Ask the customer to text it instead"),
                0.5,
                L("可行但增加顾客负担。", "Works, but burdens the customer."),
            ),
        ],
    ),
    q(
        "co-hold",
        SJT,
        "communication",
        2,
        L("让顾客等待", "Putting a caller on hold"),
        L(
            "你需要查询资料，需要大约两分钟。你会？",
            "You need about two minutes to look something up. You…",
        ),
        [
            o(
                L(
                    "征得同意，说明原因和时间后再让顾客等待",
                    "Ask first, give the reason and time, then hold",
                ),
                1,
                OK,
            ),
            o(L("直接按等待键", "Press hold straight away"), 0, NO),
            o(L("让顾客稍后再打来", "Ask the customer to call back later"), 0.3, NO),
        ],
    ),
    q(
        "co-match",
        MATCH,
        "communication",
        2,
        L("沟通方式", "Kinds of communication"),
        L(
            "把行为与沟通方式配对。",
            "Match each behaviour to its kind of communication.",
        ),
        [
            o(L("说“早上好”", "Saying “Good morning”"), match=L("语言沟通", "Verbal")),
            o(L("点头示意", "Nodding"), match=L("非语言沟通", "Non-verbal")),
            o(
                L("复述顾客的问题", "Restating the customer's question"),
                match=L("确认", "Confirming"),
            ),
        ],
    ),
    q(
        "co-words",
        SINGLE,
        "communication",
        2,
        L("礼貌用语", "Polite wording"),
        L(
            "顾客问的业务不归你办理，最合适的说法是？",
            "The request is not yours to handle. Best wording?",
        ),
        [
            o(
                L(
                    "“我带您到能办理的同事那里。”",
                    "“Let me take you to the colleague who can help.”",
                ),
                1,
                OK,
            ),
            o(L("“这不归我管。”", "“That's not my job.”"), 0, NO),
            o(L("“你去别的窗口。”", "“Go to another window.”"), 0, NO),
        ],
    ),
    q(
        "co-phone-tf",
        TF,
        "communication",
        1,
        L("电话微笑", "Smiling on the phone"),
        L(
            "电话里顾客看不到你，所以微笑没有用。",
            "On the phone the customer cannot see you, so smiling is pointless.",
        ),
        tf=(
            False,
            L("微笑会体现在声音里。", "A smile can be heard in your voice."),
            L("对。", "Right."),
        ),
    ),
    # Complaint handling
    q(
        "ch-order",
        ORDER,
        "complaint_handling",
        2,
        L("投诉处理八步法", "The eight steps of complaint handling"),
        L(
            "把投诉处理的八个步骤按顺序排列。",
            "Put the eight complaint-handling steps in order.",
        ),
        [o(step) for step in EIGHT_STEPS],
        general=L(
            "部分得分：每一对相邻步骤顺序正确得一分。",
            "Partial credit: one point for each correctly adjacent pair of steps.",
        ),
    ),
    q(
        "ch-first",
        SINGLE,
        "complaint_handling",
        1,
        L("首问负责制", "First-question responsibility"),
        L("“首问负责制”是指？", "What does first-question responsibility mean?"),
        [
            o(
                L(
                    "谁首先接到投诉，谁就负责到移交为止",
                    "Whoever receives a complaint owns it until it is handed over",
                ),
                1,
                OK,
            ),
            o(L("由第一位主管负责", "The first supervisor is responsible"), 0, NO),
            o(L("顾客第一次投诉时不处理", "First complaints are not handled"), 0, NO),
        ],
    ),
    q(
        "ch-gift",
        TF,
        "complaint_handling",
        1,
        L("投诉是礼物", "Complaints are a gift"),
        L(
            "投诉是顾客给企业改进的机会。",
            "A complaint is the customer's gift: a chance to improve.",
        ),
        tf=(
            True,
            L("对。", "Right."),
            L("投诉是改进的机会。", "Complaints show what to fix."),
        ),
    ),
    q(
        "ch-angry",
        SJT,
        "complaint_handling",
        2,
        L("愤怒的顾客", "An angry customer"),
        L(
            "顾客在柜台大声抱怨维修延误。你首先应该？",
            "A customer loudly complains at the counter that a repair is late. First you…",
        ),
        [
            o(
                L(
                    "请顾客到安静处，倾听并真诚致歉",
                    "Invite them somewhere quieter, listen and apologise sincerely",
                ),
                1,
                OK,
            ),
            o(
                L(
                    "解释延误是厂家的原因",
                    "Explain the delay is the manufacturer's fault",
                ),
                0.2,
                L("推卸责任会激化情绪。", "Shifting blame escalates anger."),
            ),
            o(L("叫保安", "Call security"), 0, NO),
            o(
                L("立刻承诺全额退款", "Promise a full refund at once"),
                0.4,
                L("未经判断和审批就承诺。", "A promise before judging and approval."),
            ),
        ],
    ),
    q(
        "ch-approve",
        SINGLE,
        "complaint_handling",
        2,
        L("审批", "Approval"),
        L(
            "提出处理方案后，下一步是？",
            "After proposing a resolution, the next step is…",
        ),
        [
            o(L("提交主管审批", "Get supervisor approval"), 1, OK),
            o(L("总结评价", "Review and summarise"), 0, NO),
            o(L("记录投诉", "Record the complaint"), 0, NO),
        ],
    ),
    q(
        "ch-recovery",
        MULTIPLE,
        "service_recovery",
        2,
        L("服务补救", "Service recovery"),
        L(
            "服务补救包括哪些做法？（多选）",
            "Which are part of service recovery? (choose all)",
        ),
        [
            o(L("道歉", "Apologise"), 0.34, OK),
            o(L("补偿（赠品、免费服务）", "Compensate (gift, free service)"), 0.33, OK),
            o(L("快速解决", "Fix it quickly"), 0.33, OK),
            o(L("等顾客再来时再说", "Wait until the customer's next visit"), -1, NO),
        ],
    ),
    q(
        "ch-tolerance",
        TF,
        "service_recovery",
        2,
        L("容忍度", "Tolerance"),
        L(
            "服务失误后，顾客的容忍度会迅速下降。",
            "After a service failure, the customer's tolerance shrinks fast.",
        ),
        tf=(
            True,
            L("对：所以要尽快补救。", "Right: so recover quickly."),
            L("补救要快。", "Recover fast."),
        ),
    ),
    q(
        "ch-review",
        SINGLE,
        "complaint_handling",
        1,
        L("最后一步", "The last step"),
        L("投诉处理的最后一步是？", "The last step of complaint handling is…"),
        [
            o(L("总结评价", "Review and summarise"), 1, OK),
            o(L("告知顾客", "Inform the customer"), 0, NO),
            o(L("分析原因", "Analyse the cause"), 0, NO),
        ],
    ),
    # Service quality
    q(
        "sq-dims",
        MATCH,
        "service_awareness",
        2,
        L("SERVQUAL 五个维度", "The five SERVQUAL dimensions"),
        L("把题项与 SERVQUAL 维度配对。", "Match each item to its SERVQUAL dimension."),
        [
            o(
                L("员工着装整洁", "Staff are neat and well dressed"),
                match=L("有形性", "Tangibles"),
            ),
            o(
                L("按时履行承诺", "Promises are kept on time"),
                match=L("可靠性", "Reliability"),
            ),
            o(
                L("员工乐于帮助顾客", "Staff are willing to help"),
                match=L("响应性", "Responsiveness"),
            ),
            o(
                L("员工值得信赖", "Staff are trustworthy"),
                match=L("保证性", "Assurance"),
            ),
            o(
                L("给予顾客个别关注", "Customers get individual attention"),
                match=L("移情性", "Empathy"),
            ),
        ],
    ),
    q(
        "sq-gap",
        SINGLE,
        "service_awareness",
        2,
        L("差距计算", "Computing the gap"),
        L("SERVQUAL 中的差距如何计算？", "How is the SERVQUAL gap computed?"),
        [
            o(L("感知 − 期望", "Perception − expectation"), 1, OK),
            o(L("期望 − 感知", "Expectation − perception"), 0, NO),
            o(L("感知 × 期望", "Perception × expectation"), 0, NO),
        ],
    ),
    q(
        "sq-reverse",
        SINGLE,
        "service_awareness",
        3,
        L("反向计分", "Reverse scoring"),
        L(
            "1–7 分量表上，反向计分题得分 3，换算后是？",
            "On a 1–7 scale, a reverse-scored item rated 3 scores…",
        ),
        [
            o(L("5", "5"), 1, L("8 − 3 = 5。", "8 − 3 = 5.")),
            o(L("4", "4"), 0, NO),
            o(L("3", "3"), 0, NO),
        ],
    ),
    q(
        "sq-peak",
        SINGLE,
        "service_awareness",
        2,
        L("峰终定律", "The peak-end rule"),
        L(
            "根据峰终定律，顾客主要根据什么评价一次体验？",
            "By the peak-end rule, customers judge an experience by…",
        ),
        [
            o(
                L("最强烈的时刻和结束时刻", "Its most intense moment and its end"),
                1,
                OK,
            ),
            o(L("所有时刻的平均", "The average of every moment"), 0, NO),
            o(L("开始的第一分钟", "The first minute"), 0, NO),
        ],
    ),
    q(
        "sq-gap5",
        TF,
        "service_awareness",
        2,
        L("差距五", "Gap 5"),
        L(
            "差距五是顾客感知的服务与期望的服务之间的差距。",
            "Gap 5 lies between perceived and expected service.",
        ),
        tf=(
            True,
            L("对：顾客感受到的正是这个差距。", "Right: the one customers feel."),
            NO,
        ),
    ),
    q(
        "sq-touch",
        MULTIPLE,
        "service_awareness",
        2,
        L("接触点", "Touchpoints"),
        L("哪些是远程接触点？（多选）", "Which are remote touchpoints? (choose all)"),
        [
            o(L("网站", "Website"), 0.34, OK),
            o(L("手机应用", "Mobile app"), 0.33, OK),
            o(L("自助服务机", "Self-service kiosk"), 0.33, OK),
            o(
                L("门店员工", "Store staff"),
                -1,
                L("这是面对面接触点。", "That is face to face."),
            ),
        ],
    ),
    q(
        "sq-moment",
        SJT,
        "service_awareness",
        3,
        L("关键时刻", "A moment of truth"),
        L(
            "系统故障导致顾客排队二十分钟。轮到他时，最好的做法是？",
            "A system failure kept a customer queuing 20 minutes. At his turn, the best response is…",
        ),
        [
            o(
                L(
                    "真诚致歉，快速办理，并送上小礼物表示歉意",
                    "Apologise sincerely, serve quickly, offer a small gift",
                ),
                1,
                L(
                    "好的补救能把失误变成好的记忆。",
                    "Good recovery turns a failure into a good memory.",
                ),
            ),
            o(
                L(
                    "快速办理，不提排队的事",
                    "Serve quickly, say nothing about the wait",
                ),
                0.4,
                L("快但缺少致歉。", "Fast, but no apology."),
            ),
            o(
                L("解释系统故障不是你的责任", "Explain the failure was not your fault"),
                0,
                NO,
            ),
        ],
    ),
    q(
        "sq-blueprint",
        SINGLE,
        "service_awareness",
        2,
        L("服务蓝图", "Service blueprint"),
        L(
            "服务蓝图中，“可视分界线”把什么分开？",
            "In a service blueprint, the line of visibility separates…",
        ),
        [
            o(L("前台行为与后台行为", "Front-stage from back-stage actions"), 1, OK),
            o(
                L("顾客行为与支持过程", "Customer actions from support processes"),
                0,
                NO,
            ),
            o(L("管理层与员工", "Management from staff"), 0, NO),
        ],
    ),
]


# --- role-play scenarios -------------------------------------------------------

SCENARIOS = {
    "walk-in": {
        "title": L("第一次到店的顾客", "A first-time customer walks in"),
        "touchpoint": "face_to_face",
        "mood": "confused",
        "difficulty": 1,
        "rubric": "counter",
        "skills": ["service_awareness", "communication"],
        "persona": L(
            "三十多岁的上班族，第一次来，不知道在哪里办理。",
            "An office worker in her thirties, first visit, unsure where to go.",
        ),
        "situation": L(
            "<p>午休时间，顾客走进门店，四处张望。</p>",
            "<p>At lunchtime a customer walks in and looks around.</p>",
        ),
        "staff_goal": L(
            "主动问候，弄清需求，帮助顾客在十分钟内办完。",
            "Greet first, find the need, and get it done within ten minutes.",
        ),
        "script": L(
            "<p>“我想办张卡……不知道要带什么。”看手表两次。</p>",
            "<p>“I'd like a card… not sure what I need.” Check your watch twice.</p>",
        ),
        "notes": L(
            "<p>观察是否三秒内问候、是否主动说明所需材料。</p>",
            "<p>Watch for a greeting within three seconds and unprompted help on documents.</p>",
        ),
        "model": L(
            "<p>“欢迎光临！请问今天想办理什么？……我带您去三号窗口。”</p>",
            "<p>“Welcome! What can I do for you today? … Let me take you to window 3.”</p>",
        ),
    },
    "phone-bill": {
        "title": L("电话询问账单", "A billing question on the phone"),
        "touchpoint": "phone",
        "mood": "hurried",
        "difficulty": 2,
        "rubric": "phone",
        "skills": ["communication"],
        "persona": L(
            "赶时间的老顾客，账单多了 30 元。",
            "A regular in a hurry; the bill is 30 yuan higher.",
        ),
        "situation": L(
            "<p>顾客来电询问本月账单为什么多了 30 元。</p>",
            "<p>A customer calls to ask why this month's bill is 30 yuan higher.</p>",
        ),
        "staff_goal": L(
            "准确解释费用并复述确认回电号码。",
            "Explain the charge accurately and read back the call-back number.",
        ),
        "script": L(
            "<p>语速快，中途说“我只有两分钟”。给出号码 138 0013 8000。</p>",
            "<p>Speak fast; say “I've only got two minutes”. Give the number 138 0013 8000.</p>",
        ),
        "notes": L(
            "<p>关键：等待前征得同意；复述号码。</p>",
            "<p>Key: ask before holding; read the number back.</p>",
        ),
        "model": L(
            "<p>“需要查询约一分钟，您方便稍等吗？”</p>",
            "<p>“It'll take about a minute to check. May I put you on hold?”</p>",
        ),
    },
    "late-repair": {
        "title": L("维修延误的愤怒顾客", "An angry customer: a late repair"),
        "touchpoint": "face_to_face",
        "mood": "angry",
        "difficulty": 3,
        "rubric": "complaint",
        "skills": ["complaint_handling", "service_recovery"],
        "persona": L(
            "承诺三天修好的手机，第七天还没修好。",
            "A phone promised in three days is still not fixed on day seven.",
        ),
        "situation": L(
            "<p>顾客在柜台前大声抱怨，后面还有人排队。</p>",
            "<p>The customer complains loudly at the counter; others are queuing.</p>",
        ),
        "staff_goal": L(
            "承担首问责任，记录并判断投诉，提出补救方案。",
            "Own the complaint, record and judge it, and propose a recovery.",
        ),
        "script": L(
            "<p>开始很生气，如果员工真诚致歉就慢慢平静；如果推诿就要求见经理。</p>",
            "<p>Start angry; calm down if the apology is sincere; demand the manager if passed on.</p>",
        ),
        "notes": L(
            "<p>推诿给维修部门即关键项不合格。</p>",
            "<p>Passing the customer to the repair department fails the critical criterion.</p>",
        ),
        "model": L(
            "<p>“非常抱歉让您久等了，这件事由我负责跟进……”</p>",
            "<p>“I'm very sorry for the wait. I will personally follow this up…”</p>",
        ),
    },
    "chat-outage": {
        "title": L("系统故障时的在线咨询", "Online chat during a system outage"),
        "touchpoint": "chat",
        "mood": "unhappy",
        "difficulty": 2,
        "rubric": "chat",
        "skills": ["service_recovery", "service_awareness"],
        "persona": L(
            "在应用里付款失败三次的年轻顾客。",
            "A young customer whose in-app payment failed three times.",
        ),
        "situation": L(
            "<p>支付系统故障，顾客在线上客服窗口发来三条消息。</p>",
            "<p>The payment system is down; the customer sends three chat messages.</p>",
        ),
        "staff_goal": L(
            "快速回应，补救，并以积极的结尾结束对话。",
            "Respond fast, recover, and end the chat on a positive note.",
        ),
        "script": L(
            "<p>“到底能不能付款？？我已经试了三次！”</p>",
            "<p>“Can I pay or not?? I've tried three times!”</p>",
        ),
        "notes": L(
            "<p>关注峰终：结尾是否确认问题已解决。</p>",
            "<p>Peak-end: does the ending confirm the fix?</p>",
        ),
        "model": L(
            "<p>“很抱歉给您带来不便，您可以先用……，恢复后我会通知您。”</p>",
            "<p>“Sorry for the trouble. Meanwhile you can use…; I'll message you when it's back.”</p>",
        ),
    },
}


# --- courses -------------------------------------------------------------------


def rt(zh, en):
    return ("rich_text", L(zh, en))


def callout(kind, title, text):
    return ("callout", {"kind": kind, "title": title, "text": text})


def dialogue(title, setting, lines):
    return (
        "dialogue",
        {
            "title": title,
            "setting": setting,
            "lines": [
                {"speaker": s, "text": t, "marker": m, "note": n or L("", "")}
                for s, t, m, n in lines
            ],
        },
    )


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def checklist(title, items):
    return ("checklist", {"title": title, "items": items})


def case(title, text, question):
    return (
        "case_study",
        {"title": title, "case": text, "reflection_question": question},
    )


def blueprint(title, steps):
    return (
        "blueprint",
        {
            "title": title,
            "steps": [
                {"customer_action": a, "front_stage": f, "back_stage": b, "support": s}
                for a, f, b, s in steps
            ],
        },
    )


def check(question_key):
    return ("knowledge_check", {"question": question_key})


def quiz_ref(intro):
    return ("quiz", {"quiz": None, "intro": intro})


def role_play_ref(scenario_key, intro):
    return ("role_play", {"scenario": scenario_key, "intro": intro})


COURSES = [
    {
        "slug": "service-awareness",
        "title": L("服务意识基础", "Service awareness basics"),
        "summary": L(
            "以顾客为中心的态度、主动服务和三个服务层次。",
            "A customer-centred attitude, taking the initiative, and the three levels of service.",
        ),
        "skills": ["service_awareness", "empathy", "reliability"],
        "level": 1,
        "minutes": 40,
        "validity": 24,
        "objectives": [
            L("解释服务利润链", "Explain the service-profit chain"),
            L(
                "区分基本、响应和意外服务",
                "Tell basic, responsive and surprise service apart",
            ),
            L("在顾客开口前主动提供帮助", "Offer help before the customer asks"),
        ],
        "quiz": [
            "sa-chain",
            "sa-silence",
            "sa-levels",
            "sa-initiative",
            "sa-attitude",
            "sa-surprise",
            "sa-staff",
            "sa-order",
        ],
        "pools": [],
        "scenario": "walk-in",
        "require_role_play": False,
        "prerequisites": [],
        "lessons": [
            {
                "slug": "customer-centred",
                "title": L("以顾客为中心", "Putting the customer at the centre"),
                "summary": L(
                    "满意的员工带来满意的顾客。",
                    "Satisfied staff make satisfied customers.",
                ),
                "minutes": 15,
                "body": [
                    rt(
                        "<p><b>服务利润链</b>告诉我们：员工满意 → 服务质量 → 顾客满意 → 顾客忠诚 → 企业利润。服务意识就是在每一次接触中主动站在顾客的角度想问题。</p>",
                        "<p>The <b>service-profit chain</b>: staff satisfaction → service quality → customer satisfaction → loyalty → profit. Service awareness means seeing every contact from the customer's side, unprompted.</p>",
                    ),
                    callout(
                        "key",
                        L("沉默不等于满意", "Silence is not satisfaction"),
                        L(
                            "<p>大多数不满意的顾客从不投诉，他们只是不再来了。</p>",
                            "<p>Most unhappy customers never complain; they just stop coming.</p>",
                        ),
                    ),
                    dialogue(
                        L("顾客在自助机前犹豫", "A customer hesitates at the kiosk"),
                        L("门店，上午十点。", "In the store, 10 a.m."),
                        [
                            (
                                "customer",
                                L("（看着屏幕，皱眉）", "(frowns at the screen)"),
                                "",
                                None,
                            ),
                            (
                                "staff",
                                L(
                                    "您好，需要我帮您操作吗？",
                                    "Hello, may I help you with that?",
                                ),
                                "good",
                                L("主动上前询问。", "Steps in without being asked."),
                            ),
                            (
                                "customer",
                                L(
                                    "我找不到打印凭条的地方。",
                                    "I can't find where to print the receipt.",
                                ),
                                "",
                                None,
                            ),
                            (
                                "staff",
                                L(
                                    "就在这里，您点一下就可以了。",
                                    "Right here, just tap it.",
                                ),
                                "good",
                                None,
                            ),
                            (
                                "staff",
                                L(
                                    "这个很简单，您自己看看吧。",
                                    "It's easy, have a look yourself.",
                                ),
                                "pitfall",
                                L(
                                    "把顾客推开，错过关键时刻。",
                                    "Pushes the customer away at a moment of truth.",
                                ),
                            ),
                        ],
                    ),
                    checklist(
                        L("每日服务态度自查", "Daily attitude check"),
                        [
                            L(
                                "我今天主动问候了每一位顾客",
                                "I greeted every customer first today",
                            ),
                            L(
                                "我至少提供了一次额外帮助",
                                "I offered unprompted help at least once",
                            ),
                            L(
                                "我没有让顾客等待而不说明原因",
                                "No customer waited without knowing why",
                            ),
                        ],
                    ),
                ],
            },
            {
                "slug": "three-levels",
                "title": L("服务的三个层次", "Three levels of service"),
                "summary": L(
                    "基本服务、响应服务和意外服务。",
                    "Basic, responsive and surprise service.",
                ),
                "minutes": 15,
                "body": [
                    heading(
                        L(
                            "从满足期望到超越期望",
                            "From meeting to exceeding expectations",
                        )
                    ),
                    rt(
                        "<ul><li><b>基本服务</b>：顾客预期一定会有的。</li><li><b>响应服务</b>：顾客提出就能得到的。</li><li><b>意外服务</b>：顾客意想不到的惊喜。</li></ul>",
                        "<ul><li><b>Basic service</b>: what customers expect.</li><li><b>Responsive service</b>: what customers can ask for.</li><li><b>Surprise service</b>: unexpected delight.</li></ul>",
                    ),
                    case(
                        L("雨天的雨伞", "The umbrella on a rainy day"),
                        L(
                            "<p>一位老顾客办完业务发现外面下大雨。柜员小李把店里的备用雨伞借给了她，并记下她的电话以便归还。</p>",
                            "<p>A regular finishes her business to find it pouring outside. Teller Li lends her the store's spare umbrella and notes her number for its return.</p>",
                        ),
                        L(
                            "小李的做法属于哪个服务层次？你的门店还能提供哪些意外服务？",
                            "Which level of service is this? What surprise service could your store offer?",
                        ),
                    ),
                    check("sa-levels"),
                    role_play_ref(
                        "walk-in",
                        L(
                            "和同事练习接待第一次到店的顾客。",
                            "Practise with a colleague: a first-time customer.",
                        ),
                    ),
                    quiz_ref(L("完成本课程的测验。", "Take this course's quiz.")),
                ],
            },
        ],
    },
    {
        "slug": "communication",
        "title": L("柜台与电话沟通", "Communication at the counter and on the phone"),
        "summary": L(
            "语言、倾听、非语言沟通，以及电话中的回应与确认。",
            "Verbal, listening and non-verbal skills, and responding and confirming on the phone.",
        ),
        "skills": ["communication", "assurance", "responsiveness"],
        "level": 1,
        "minutes": 50,
        "validity": 24,
        "objectives": [
            L("使用规范的问候语", "Use standard greeting phrases"),
            L(
                "用微笑、目光和站姿传递友好",
                "Show warmth with smile, eye contact and posture",
            ),
            L("在电话中复述确认关键信息", "Read back key details on the phone"),
        ],
        "quiz": [
            "co-greet",
            "co-nonverbal",
            "co-listen",
            "co-confirm",
            "co-hold",
            "co-match",
            "co-words",
            "co-phone-tf",
        ],
        "pools": [],
        "scenario": "phone-bill",
        "require_role_play": True,
        "prerequisites": [],
        "lessons": [
            {
                "slug": "at-the-counter",
                "title": L("柜台沟通", "At the counter"),
                "summary": L(
                    "问候、倾听和非语言沟通。",
                    "Greeting, listening and non-verbal communication.",
                ),
                "minutes": 20,
                "body": [
                    rt(
                        "<p>规范用语：<b>欢迎光临</b>、<b>请到这里来</b>、<b>早上好</b>。说话清楚、准确、礼貌。</p>",
                        "<p>Standard phrases: <b>Welcome</b>, <b>Please come this way</b>, <b>Good morning</b>. Speak clearly, accurately and politely.</p>",
                    ),
                    callout(
                        "tip",
                        L("三秒原则", "The three-second rule"),
                        L(
                            "<p>顾客进门三秒内微笑并目光接触。</p>",
                            "<p>Smile and make eye contact within three seconds of a customer walking in.</p>",
                        ),
                    ),
                    dialogue(
                        L("办理业务", "At the counter"),
                        L("银行柜台。", "A bank counter."),
                        [
                            (
                                "staff",
                                L(
                                    "早上好！请到这里来。",
                                    "Good morning! Please come this way.",
                                ),
                                "good",
                                None,
                            ),
                            (
                                "customer",
                                L(
                                    "我想改一下手机号。",
                                    "I'd like to change my phone number.",
                                ),
                                "",
                                None,
                            ),
                            (
                                "staff",
                                L(
                                    "好的，您是要把预留手机号改成新号码，对吗？",
                                    "Sure: you want to replace the number on file with a new one, right?",
                                ),
                                "good",
                                L("复述确认。", "Restates to confirm."),
                            ),
                            (
                                "staff",
                                L("填表。", "Fill this in."),
                                "pitfall",
                                L("生硬，没有说明。", "Curt, with no explanation."),
                            ),
                        ],
                    ),
                    check("co-nonverbal"),
                ],
            },
            {
                "slug": "on-the-phone",
                "title": L("电话沟通", "On the phone"),
                "summary": L(
                    "看不见的微笑、等待和确认。",
                    "The smile they can hear, holding, and confirming.",
                ),
                "minutes": 20,
                "body": [
                    rt(
                        "<p>电话里顾客只能听到你的声音：语速、语调和用词就是你的形象。铃响三声内接听，报公司名和姓名。</p>",
                        "<p>On the phone your voice is all the customer has: pace, tone and words are your image. Answer within three rings with the company and your name.</p>",
                    ),
                    checklist(
                        L("电话服务清单", "Phone checklist"),
                        [
                            L("三声内接听", "Answer within three rings"),
                            L(
                                "等待前征得同意并说明时间",
                                "Ask before holding and give a time",
                            ),
                            L(
                                "复述号码、时间等关键信息",
                                "Read back numbers and times",
                            ),
                            L("确认是否还有其他需要", "Check for anything else"),
                        ],
                    ),
                    dialogue(
                        L("回电号码", "The call-back number"),
                        L("热线。", "The hotline."),
                        [
                            (
                                "customer",
                                L(
                                    "你们回电给我吧，138 0013 8000。",
                                    "Call me back on 138 0013 8000.",
                                ),
                                "",
                                None,
                            ),
                            (
                                "staff",
                                L(
                                    "好的，我复述一下：138 0013 8000，对吗？",
                                    "Let me read that back: 138 0013 8000, is that right?",
                                ),
                                "good",
                                None,
                            ),
                            (
                                "staff",
                                L("好，记下了。", "OK, got it."),
                                "pitfall",
                                L(
                                    "没有确认，容易出错。",
                                    "Nothing confirmed; errors slip in.",
                                ),
                            ),
                        ],
                    ),
                    role_play_ref(
                        "phone-bill",
                        L(
                            "两人一组：一人扮演顾客，一人接听。",
                            "In pairs: one plays the customer, one answers.",
                        ),
                    ),
                    quiz_ref(L("完成本课程的测验。", "Take this course's quiz.")),
                ],
            },
        ],
    },
    {
        "slug": "complaint-handling",
        "title": L("投诉处理八步法", "Complaint handling in eight steps"),
        "summary": L(
            "从记录投诉到总结评价的八个步骤、首问负责制和服务补救。",
            "The eight steps from recording to review, first-question responsibility and service recovery.",
        ),
        "skills": [
            "complaint_handling",
            "service_recovery",
            "responsiveness",
            "empathy",
        ],
        "level": 2,
        "minutes": 60,
        "validity": 12,
        "objectives": [
            L(
                "按顺序说出投诉处理的八个步骤",
                "Name the eight complaint-handling steps in order",
            ),
            L("实践首问负责制", "Practise first-question responsibility"),
            L("道歉、补偿并快速解决", "Apologise, compensate and fix quickly"),
        ],
        "quiz": [
            "ch-order",
            "ch-first",
            "ch-gift",
            "ch-angry",
            "ch-approve",
            "ch-recovery",
            "ch-tolerance",
            "ch-review",
        ],
        "pools": [],
        "scenario": "late-repair",
        "require_role_play": True,
        "prerequisites": ["service-awareness"],
        "lessons": [
            {
                "slug": "eight-steps",
                "title": L("八个步骤", "The eight steps"),
                "summary": L(
                    "标准的投诉处理流程。", "The standard complaint-handling process."
                ),
                "minutes": 25,
                "body": [
                    rt(
                        "<ol>"
                        + "".join(f"<li>{s[0]}</li>" for s in EIGHT_STEPS)
                        + "</ol>",
                        "<ol>"
                        + "".join(f"<li>{s[1]}</li>" for s in EIGHT_STEPS)
                        + "</ol>",
                    ),
                    callout(
                        "key",
                        L("首问负责制", "First-question responsibility"),
                        L(
                            "<p>谁首先接到投诉，谁就负责到移交为止。不要说“这不归我管”。</p>",
                            "<p>Whoever receives a complaint owns it until it is handed over. Never say “not my job”.</p>",
                        ),
                    ),
                    check("ch-order"),
                    checklist(
                        L("接到投诉时", "When a complaint comes in"),
                        [
                            L(
                                "记录时间、顾客、事实",
                                "Record time, customer and facts",
                            ),
                            L("告诉顾客由我跟进", "Tell the customer I will follow up"),
                            L("说明下一次联系的时间", "Say when we will be in touch"),
                        ],
                    ),
                ],
            },
            {
                "slug": "service-recovery",
                "title": L("服务补救", "Service recovery"),
                "summary": L(
                    "投诉是礼物：道歉、补偿、快速解决。",
                    "Complaints are a gift: apologise, compensate, fix quickly.",
                ),
                "minutes": 25,
                "body": [
                    rt(
                        "<p>服务失误后，顾客的容忍度迅速下降。补救三要素：<b>道歉</b>、<b>补偿</b>（赠品、免费服务、额外服务）、<b>快速解决</b>。</p>",
                        "<p>After a failure the customer's tolerance shrinks fast. Recovery has three parts: <b>apologise</b>, <b>compensate</b> (gift, free or extra service), <b>fix quickly</b>.</p>",
                    ),
                    case(
                        L("延误的维修", "The late repair"),
                        L(
                            "<p>承诺三天修好的手机，第七天还没修好。顾客来到门店大声投诉。</p>",
                            "<p>A phone promised in three days is still not fixed on day seven. The customer complains loudly in the store.</p>",
                        ),
                        L(
                            "按照八步法，你会怎样处理？哪一步最容易被忽略？",
                            "Walk through the eight steps. Which one is most often skipped?",
                        ),
                    ),
                    blueprint(
                        L("投诉处理蓝图", "Complaint handling blueprint"),
                        [
                            (
                                L("顾客提出投诉", "Customer complains"),
                                L(
                                    "员工倾听、致歉、记录",
                                    "Staff listen, apologise, record",
                                ),
                                L(
                                    "判断是否成立，分派部门",
                                    "Judge validity, assign department",
                                ),
                                L("投诉系统", "Complaint system"),
                            ),
                            (
                                L("等待答复", "Waits for an answer"),
                                L("员工告知进度", "Staff update the customer"),
                                L(
                                    "部门分析原因，提出方案",
                                    "Department analyses, proposes",
                                ),
                                L("主管审批", "Supervisor approval"),
                            ),
                            (
                                L("接受方案并反馈", "Accepts and gives feedback"),
                                L("员工实施并致谢", "Staff carry it out and thank"),
                                L("总结评价", "Review and summarise"),
                                L("质检与培训", "QA and training"),
                            ),
                        ],
                    ),
                    role_play_ref(
                        "late-repair",
                        L(
                            "与培训师进行投诉处理角色扮演。",
                            "A complaint role-play with your trainer.",
                        ),
                    ),
                    quiz_ref(L("完成本课程的测验。", "Take this course's quiz.")),
                ],
            },
        ],
    },
    {
        "slug": "service-quality",
        "title": L(
            "服务质量：SERVQUAL、关键时刻与峰终定律",
            "Service quality: SERVQUAL, moments of truth and the peak-end rule",
        ),
        "summary": L(
            "顾客如何评价服务：五个维度、差距模型、接触点和峰终定律。",
            "How customers judge service: five dimensions, the gap model, touchpoints and the peak-end rule.",
        ),
        "skills": [
            "service_awareness",
            "tangibles",
            "reliability",
            "responsiveness",
            "assurance",
            "empathy",
        ],
        "level": 2,
        "minutes": 55,
        "validity": None,
        "objectives": [
            L("说出 SERVQUAL 的五个维度", "Name the five SERVQUAL dimensions"),
            L("计算感知与期望的差距", "Compute the perception–expectation gap"),
            L(
                "用峰终定律设计服务的高峰和结尾",
                "Design the peak and the end with the peak-end rule",
            ),
        ],
        "quiz": [
            "sq-dims",
            "sq-gap",
            "sq-reverse",
            "sq-peak",
            "sq-gap5",
            "sq-touch",
            "sq-moment",
            "sq-blueprint",
        ],
        "pools": [("complaint_handling", 1, 2)],
        "scenario": "chat-outage",
        "require_role_play": False,
        "prerequisites": ["service-awareness"],
        "lessons": [
            {
                "slug": "servqual",
                "title": L("SERVQUAL 五个维度", "The five SERVQUAL dimensions"),
                "summary": L(
                    "有形性、可靠性、响应性、保证性、移情性。",
                    "Tangibles, reliability, responsiveness, assurance, empathy.",
                ),
                "minutes": 25,
                "body": [
                    rt(
                        "<p>SERVQUAL 用 22 个题项，从期望和感知两方面各打 1–7 分；<b>差距 = 感知 − 期望</b>。五个维度：有形性（1–4）、可靠性（5–9）、响应性（10–13）、保证性（14–17）、移情性（18–22）。反向题按 8 − 评分计分。</p>",
                        "<p>SERVQUAL rates 22 items 1–7 for expectation and for perception; <b>gap = perception − expectation</b>. Five dimensions: tangibles (1–4), reliability (5–9), responsiveness (10–13), assurance (14–17), empathy (18–22). Reverse-scored items count as 8 − rating.</p>",
                    ),
                    callout(
                        "warning",
                        L("差距五", "Gap 5"),
                        L(
                            "<p>顾客感受到的是差距五：感知的服务与期望的服务之差。</p>",
                            "<p>Customers feel gap 5: perceived versus expected service.</p>",
                        ),
                    ),
                    check("sq-dims"),
                ],
            },
            {
                "slug": "moments-of-truth",
                "title": L(
                    "关键时刻与峰终定律", "Moments of truth and the peak-end rule"
                ),
                "summary": L(
                    "顾客记住的是高峰和结尾。",
                    "Customers remember the peak and the end.",
                ),
                "minutes": 25,
                "body": [
                    rt(
                        "<p>接触点按距离分为远程（网站、应用、自助机）、电话和面对面。四种员工行为决定接触点是否被好好记住：系统故障后的补救、对特殊要求的适应、自发的额外帮助、应对问题顾客。</p>",
                        "<p>Touchpoints by distance: remote (web, app, kiosk), telephone, face to face. Four staff behaviours decide whether a touchpoint is remembered well: recovery after a system failure, adapting to special requests, spontaneous extra help, coping with problem customers.</p>",
                    ),
                    blueprint(
                        L("门店办理业务蓝图", "Store visit blueprint"),
                        [
                            (
                                L("进门、取号", "Walks in, takes a ticket"),
                                L("迎宾问候", "Greeter welcomes"),
                                L("叫号系统排队", "Queue system"),
                                L("叫号系统维护", "Queue system upkeep"),
                            ),
                            (
                                L("办理业务", "Is served"),
                                L("柜员办理、确认", "Teller serves, confirms"),
                                L("后台审核", "Back-office check"),
                                L("核心业务系统", "Core system"),
                            ),
                            (
                                L("离开", "Leaves"),
                                L("感谢道别（结尾）", "Thanks and goodbye (the end)"),
                                L("记录服务评价", "Logs feedback"),
                                L("满意度调查", "Satisfaction survey"),
                            ),
                        ],
                    ),
                    case(
                        L("二十分钟的排队", "The twenty-minute queue"),
                        L(
                            "<p>系统故障让顾客排队二十分钟。轮到他时，柜员真诚致歉、快速办理，并送上一份小礼物。一周后的回访中，顾客给出了“非常满意”。</p>",
                            "<p>A system failure kept a customer queuing twenty minutes. At his turn the teller apologised, served him quickly and gave a small gift. A week later he rated the visit “very satisfied”.</p>",
                        ),
                        L(
                            "用峰终定律解释这个结果。",
                            "Explain the result with the peak-end rule.",
                        ),
                    ),
                    role_play_ref(
                        "chat-outage",
                        L(
                            "练习在系统故障时的在线服务。",
                            "Practise online chat during an outage.",
                        ),
                    ),
                    quiz_ref(L("完成本课程的测验。", "Take this course's quiz.")),
                ],
            },
        ],
    },
]

LEARNING_PATH = {
    "title": L("新员工入职：一线服务", "Onboarding: front-line service"),
    "description": L(
        "一线新员工入职第一个月依次完成的四门课程。",
        "Four courses new front-line staff complete, in order, in their first month.",
    ),
    "positions": ["front_desk", "call_agent", "teller", "sales", "waiter"],
    "courses": [
        "service-awareness",
        "communication",
        "complaint-handling",
        "service-quality",
    ],
}
