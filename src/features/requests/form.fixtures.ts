// Test data: the public application form (/ysqgk/apply) as a browser posts it, for the tests of several
// files (requests' and the platform's upload tests).

/**
 * A natural person's application to `unitId` for a document, electronic and delivered online, with an
 * empty honeypot; `over` replaces or adds fields (a test's own applicant name, description, …).
 */
export function applicationForm(unitId: number, over: Record<string, string> = {}): Record<string, string> {
  return {
    website: '',
    applicantType: 'natural',
    'applicant.name': '王申请',
    'applicant.idType': 'resident-id',
    'applicant.idNumber': '11010519491231002X',
    'applicant.phone': '13800001111',
    'applicant.email': '',
    'applicant.address': '',
    unitId: String(unitId),
    description: '申请公开 2024 年度区级部门预算编制说明',
    docRef: '',
    form: 'electronic',
    delivery: 'online',
    ...over,
  };
}
