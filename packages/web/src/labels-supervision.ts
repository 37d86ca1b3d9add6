/** Codes of fund supervision (pages/Supervision.tsx) with their labels: [zh, en]. */
export const SUPERVISION_TABLES: Record<string, Record<string, [zh: string, en: string]>> = {
  findingResult: { definite: ["明确违规", "definite"], suspicious: ["可疑", "suspicious"] },
  severity: { high: ["高", "high"], medium: ["中", "medium"], low: ["低", "low"] },
  family: {
    policy: ["政策类", "policy"],
    management: ["管理类", "management"],
    medical: ["医疗类", "medical"],
  },
  stage: { before: ["事前", "before care"], during: ["事中", "during settlement"], after: ["事后", "after"] },
  settleAction: { warn: ["提醒", "warned"], hold: ["拦截", "held"] },
  caseStatus: {
    open: ["待审核", "open"],
    reviewed: ["待机构反馈", "reviewed, awaiting the institution"],
    answered: ["待处理决定", "answered, awaiting decision"],
    deducted: ["已扣款", "deducted"],
    dismissed: ["已撤销", "dismissed"],
  },
  caseSource: {
    finding: ["智能审核疑点", "audit finding"],
    report: ["举报", "whistle-blower report"],
    inspection: ["检查", "inspection"],
  },
  caseAction: {
    opened: ["立案", "opened"],
    reviewed: ["审核", "reviewed"],
    explained: ["情况说明", "explained"],
    appealed: ["申诉", "appealed"],
    deducted: ["扣款", "deducted"],
    dismissed: ["撤销", "dismissed"],
  },
  kbStatus: { draft: ["草稿", "draft"], published: ["已发布", "published"], retired: ["已停用", "retired"] },
  jobKind: { audit: ["批量审核", "audit"], trial: ["试运行", "trial"] },
  jobStatus: { running: ["运行中", "running"], done: ["已完成", "done"] },
};
