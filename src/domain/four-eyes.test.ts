import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { approvalRefusal, verifierOf } from './four-eyes.js';

describe('four eyes on approvals', () => {
  const filer = 'staff-filer';
  const verifier = 'staff-verifier';
  test('the person who filed a case may not approve it', () => {
    assert.equal(
      approvalRefusal({ filedBy: filer, verifiedBy: filer, approvals: [] }, filer)?.code,
      'APPROVER_FILED_CASE',
    );
  });
  test('the person who verified the holder may not approve it, even if someone else filed it', () => {
    assert.equal(
      approvalRefusal({ filedBy: filer, verifiedBy: verifier, approvals: [] }, verifier)?.code,
      'APPROVER_VERIFIED_CASE',
    );
  });
  test('a second approval comes from a third person: not the first approver, not the filer', () => {
    const parties = { filedBy: filer, verifiedBy: filer, approvals: ['first'] };
    assert.equal(approvalRefusal(parties, 'first')?.code, 'SAME_APPROVER');
    assert.equal(approvalRefusal(parties, filer)?.code, 'APPROVER_FILED_CASE');
    assert.equal(approvalRefusal(parties, 'third'), null);
  });
  test('a case the holder filed online may be approved by any reviewer', () => {
    assert.equal(approvalRefusal({ filedBy: null, verifiedBy: null, approvals: [] }, 'anyone'), null);
  });
  test('the verifier is the staff id the verification records, if any', () => {
    assert.equal(verifierOf({ method: 'id_document', staffId: 'abc' }), 'abc');
    assert.equal(verifierOf({ method: 'line_code', session: true }), null);
  });
});
