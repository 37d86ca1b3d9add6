import { createContext, useContext } from "react";

/** zh-CN first, English second. Keys are English; missing translations fall back to the key. */
export type Lang = "zh" | "en";

const zh: Record<string, string> = {
  Yibao: "医保信息平台",
  Overview: "运行总览",
  Persons: "参保人员",
  Institutions: "定点医药机构",
  "Audit log": "操作日志",
  "Log in": "登录",
  "Log out": "退出",
  "Login name": "用户名",
  Password: "密码",
  "Insured persons": "参保人数",
  Employers: "参保单位",
  "Employee scheme": "职工医保",
  "Resident scheme": "居民医保",
  "Enrolment by scheme": "参保结构",
  "Assistance recipients": "救助对象",
  Name: "姓名",
  "ID number": "身份证号",
  Gender: "性别",
  "Birth date": "出生日期",
  Region: "统筹区",
  Level: "等级",
  Code: "编码",
  Kind: "类型",
  "Payment method": "支付方式",
  Time: "时间",
  Operator: "操作员",
  Action: "操作",
  Entity: "对象",
  "Load more": "加载更多",
  Language: "语言",
  "Login failed": "登录失败",
  "Your session has ended. Please log in again.": "登录已失效，请重新登录。",
  "Gateway keys": "接口密钥",
  "No key": "无密钥",
  "Last used": "最近使用",
  never: "从未使用",
  until: "有效至",
  active: "有效",
  expiring: "轮换中",
  expired: "已过期",
  revoked: "已吊销",
  Clearing: "异地清算",
  "Issue statements": "生成清算单",
  Month: "月份",
  Regions: "统筹区对",
  Net: "轧差",
  Status: "状态",
  Payer: "付款方",
  Amount: "金额",
  Confirm: "确认",
  "Mark paid": "标记已付",
  issued: "已生成",
  confirmed: "已确认",
  paid: "已支付",
};

const tables: Record<Lang, Record<string, string>> = { zh, en: {} };

export const LangContext = createContext<Lang>("zh");

export function useT(): (key: string) => string {
  const lang = useContext(LangContext);
  return (key) => tables[lang][key] ?? key;
}
