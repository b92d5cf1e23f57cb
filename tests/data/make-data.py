#!/usr/bin/env python3
"""make-data.py — writes the reader's test inputs in tests/data/.

The text is made up for these tests (no real postings).  Run it from
anywhere; it rewrites the files next to itself, byte for byte the same
each time.  The files are committed, so tests do not need Python.
"""
import os

here = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    with open(os.path.join(here, name), 'wb') as f:
        f.write(data)


# Excel "CSV UTF-8": BOM, CRLF, Chinese headers, quoted multi-line cells.
excel = (
    '岗位编号,岗位名称,所属部门,岗位职责,任职要求,备注\r\n'
    'OP-001,用户运营专员,运营部,"负责社群日常维护和活动执行,\r\n'
    '跟踪日活、留存等核心指标并每周复盘",1年以上运营经验,\r\n'
    'PM-002,项目经理,产品研发部,"制定项目计划,把控里程碑与交付节奏;\r\n'
    '协调研发、测试与业务方,管理项目风险与预算",PMP优先,"需出差"\r\n'
    'OP-003,内容运营,运营部,"撰写""爆款""选题,持续优化内容转化率",熟悉新媒体平台,\r\n'
    'PM-004,实施项目经理,交付中心,负责客户项目从启动到验收的全过程管理,3年以上项目管理经验,\r\n'
)
write('excel-utf8-bom-crlf.csv', b'\xef\xbb\xbf' + excel.encode('utf-8'))

# Excel "CSV" on a zh-CN Windows: GB18030/CP936, CRLF, no BOM; a lone
# 0x80 is CP936's euro sign, which GB18030 itself lacks.
gb = (
    '工号,职位名称,部门,工作内容\r\n'
    '1001,活动运营,市场运营部,"策划季度促销活动,预算约EURO5万,\r\n'
    '复盘转化数据并持续优化"\r\n'
    '1002,项目经理,信息化项目组,"按阶段推进系统上线项目,\r\n'
    '对范围、进度与质量负责"\r\n'
    '1003,数据运营,市场运营部,维护日报与周报体系，监控GMV与转化率\r\n'
)
write('gb18030-export.csv', gb.encode('gb18030').replace(b'EURO', b'\x80'))

# Excel "Unicode Text": UTF-16LE with BOM, tab-delimited, CRLF.
u16 = (
    'Job ID\tJob Title\tDepartment\tResponsibilities\tRequirements\r\n'
    'R-17\tOperations Specialist\tCustomer Operations\t'
    'Run the daily support queue and keep response-time KPIs on target\t'
    '2 years in an operations role\r\n'
    'R-18\tProject Manager\tPMO\t'
    '"Own the migration project plan, milestones and budget;\r\n'
    'report status to the steering committee"\tPMP or PRINCE2\r\n'
)
write('utf16le-tab.txt', '\ufeff'.encode('utf-16-le') + u16.encode('utf-16-le'))

# Bad inputs: each has good rows around the bad one.
write('bad-ragged.csv', (
    'id,title,department,description\n'
    '1,运营专员,运营部,负责日常运营与数据监控\n'
    '2,项目经理,项目部,负责项目计划,进度与风险\n'
    '3,运营主管,运营部,带领团队完成月度指标\n').encode('utf-8'))

write('bad-unterminated.csv', (
    'id,title,description\r\n'
    '1,运营专员,负责活动执行\r\n'
    '2,项目经理,"负责项目立项与验收\r\n'
    '3,运营主管,带领团队完成月度指标\r\n').encode('utf-8'))

write('bad-nul.csv', (
    'id,title,description\n'
    '1,运营专员,负责活动执行\n'
    '2,项目经理,负责项目\0立项\n'
    '3,运营主管,带领团队完成月度指标\n').encode('utf-8'))

write('bad-invalid-utf8.csv',
      ('id,title,description\n'
       '1,运营专员,负责社群运营与用户增长，跟踪留存与活跃指标\n'
       '2,项目经理,负责项目').encode('utf-8') + b'\xff\xfe' +
      ('计划与交付\n'
       '3,运营主管,带领团队完成月度指标，优化运营流程与数据看板\n'
       '4,项目助理,协助项目经理整理会议纪要与项目文档\n').encode('utf-8'))

write('bad-truncated-gb18030.csv',
      ('编号,岗位,职责描述\r\n'
       '1,运营专员,负责活动执行\r\n'
       '2,项目经理,负责项目').encode('gb18030') + '计'.encode('gb18030')[:1])

write('no-text-column.csv', b'id,name,dept\n1,Alex,Ops\n')

# Excel "CSV (Comma delimited)" on an English Windows: Windows-1252, CRLF,
# no BOM; curly apostrophes and quotes, dashes and accented letters are
# single bytes.  Read as GB18030 it would decode into Chinese nonsense.
write('excel-cp1252.csv', (
    'Job ID,Job Title,Department,Job Description\r\n'
    'OPS-11,Operations Coordinator,Operations,"Keeps the office’s day-to-day '
    'operations running: vendor contracts, the weekly KPI dashboard and '
    '“continuous improvement” of our processes."\r\n'
    'PM-21,Project Manager – Café Rollout,Delivery,"Owns the project plan, '
    'milestones and budget for the café rollout; delivers on time and '
    'closes the project with the client’s sign-off."\r\n'
    ).encode('cp1252'))

# Excel "CSV" on a Traditional Chinese Windows (Taiwan, Hong Kong): Big5
# as CP950, CRLF, no BOM.  Read as GB18030 it would decode into nonsense.
write('big5-export.csv', (
    '職缺編號,職稱,部門,工作內容\r\n'
    'TW-01,營運專員,營運部,"負責日常營運管理與客戶關係維護，持續追蹤營運數據並每週檢討。"\r\n'
    'TW-02,專案經理,專案管理部,"負責專案規劃、時程與預算控管，協調跨部門資源，確保專案如期交付。"\r\n'
    ).encode('cp950'))
