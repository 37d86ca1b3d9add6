import { inEventAudit, preEventAudit } from "./audit.tx.ts";
import type { TransactionDef } from "./context.ts";
import { uploadFile } from "./files.tx.ts";
import { personInfo } from "./person.tx.ts";
import { signIn, signOut } from "./sign.tx.ts";
import { reconcileDetailTx, reconcileTotals, visitQuery } from "./recon.tx.ts";
import { preSettleTx, reverseTx, settleTx } from "./settle.tx.ts";
import {
  admit,
  cancelDischarge,
  cancelFees,
  cancelRegistration,
  discharge,
  registerOutpatient,
  uploadFees,
  visitInfo,
} from "./visit.tx.ts";

/** Every supported infno with its handler; writes run once per msgid. */
export const TRANSACTIONS: Record<string, TransactionDef> = {
  "9001": { handler: signIn, writes: true },
  "9002": { handler: signOut, writes: true },
  "1101": { handler: personInfo, writes: false },
  "2201": { plan: registerOutpatient },
  "2202": { handler: cancelRegistration, writes: true },
  "2203": { handler: visitInfo, writes: true },
  "2204": { plan: uploadFees },
  "2205": { plan: cancelFees },
  "2206": { handler: preSettleTx, writes: false },
  "2207": { plan: settleTx },
  "2208": { plan: reverseTx },
  "2401": { plan: admit },
  "2404": { handler: cancelRegistration, writes: true },
  "2301": { plan: uploadFees },
  "2302": { plan: cancelFees },
  "2303": { handler: preSettleTx, writes: false },
  "2304": { plan: settleTx },
  "2305": { plan: reverseTx },
  "2402": { handler: discharge, writes: true },
  "2405": { handler: cancelDischarge, writes: true },
  "3101": { handler: preEventAudit, writes: false },
  "3102": { handler: inEventAudit, writes: false },
  // kept for the agency's reconciliation reports (nhsa_reconciliations), once per msgid
  "3201": { handler: reconcileTotals, writes: true },
  "3202": { handler: reconcileDetailTx, writes: true },
  "5201": { handler: visitQuery, writes: false },
  // the 3202 detail file, named afterwards by its file_qury_no
  "9101": { handler: uploadFile, writes: true },
};

/**
 * Per-transaction paths seen in provincial deployments, besides the single callService endpoint.
 * The body still carries infno; a path names the transaction it expects.
 */
export const TRANSACTION_PATHS: Record<string, string> = {
  "/fsi/api/signInSignOutService/signIn": "9001",
  "/fsi/api/signInSignOutService/signOut": "9002",
  "/fsi/api/fsiPsnInfoService/queryPsnInfo": "1101",
  "/fsi/api/outpatientDocInfoService/outpatientRregistration": "2201",
  "/fsi/api/outpatientDocInfoService/outpatientRegistrationCancel": "2202",
  "/fsi/api/outpatientDocInfoService/outpatientMdtrtinfoUpA": "2203",
  "/fsi/api/outpatientDocInfoService/outpatientFeeListUp": "2204",
  "/fsi/api/outpatientDocInfoService/outpatientFeeListUpCancel": "2205",
  "/fsi/api/outpatientSettleService/preSettletmentA": "2206",
  "/fsi/api/outpatientSettleService/saveSettletmentV2": "2207",
  "/fsi/api/outpatientSettleService/cancleSettletment": "2208",
  "/fsi/api/hospitalRegisterService/hospitalRegisterSave": "2401",
  "/fsi/api/hospitalRegisterService/hospitalRegisterCancel": "2404",
  "/fsi/api/hospFeeDtlService/feeDtlUp": "2301",
  "/fsi/api/hospFeeDtlService/feeDtlCl": "2302",
  "/fsi/api/hospSettService/preSetl": "2303",
  "/fsi/api/hospSettService/settV2": "2304",
  "/fsi/api/hospSettService/setlCl": "2305",
  "/fsi/api/dscgService/dischargeProcess": "2402",
  "/fsi/api/dscgService/dischargeUndo": "2405",
  "/fsi/api/ybSettlementStmtService/stmtTotal": "3201",
  "/fsi/api/ybSettlementStmtService/stmtDetail": "3202",
  "/fsi/api/fsiIntegratedQueryService/queryMdtrtInfo": "5201",
  "/fsi/api/fileupload/upload": "9101",
};
