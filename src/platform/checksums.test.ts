/**
 * Table-driven tests for the identifier validators and masking helpers.
 *
 * Real codes used below (each passes BOTH the GB 32100 check and the GB 11714
 * check of its embedded organisation code, which a made-up code does only
 * about 1 time in 341):
 *   11100000MB0341032Y   国家药品监督管理局 (used in zwfw.nmpa.gov.cn URLs)
 *   11100000MB03271699   central organ code prefixing national 不动产 e-licence type codes
 *   11100000000013127D   central organ code prefixing national e-licence type codes
 *   914403001922038216   华为技术有限公司
 *   91110108551385082Q   小米科技有限责任公司
 * Resident IDs 11010519491231002X and 440524188001010014 are the worked
 * examples of GB 11643-1999.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  isValidResidentId,
  isValidCreditCode,
  isValidOrgCode,
  isDivisionCode,
  classifyIndexPrefix,
  maskIdNumber,
  maskPhone,
  maskName,
} from './checksums.ts';

/** Fixed "today" so the future-date cases do not rot. */
const NOW = new Date(2024, 5, 15); // 2024-06-15 local time

/** Cast helper for deliberately wrong input types. */
const bad = (v: unknown) => v as string;

test('isValidResidentId', () => {
  const cases: Array<[string, boolean, string]> = [
    ['11010519491231002X', true, 'GB 11643 example'],
    ['11010519491231002x', true, 'lower-case x'],
    ['440524188001010014', true, 'GB 11643 example, born 1880'],
    ['320102199003071239', true, 'ordinary digit check'],
    ['110105200002290013', true, '29 Feb of a leap year (2000)'],
    ['110105202401010030', true, 'born this year, before NOW'],
    ['110105194912310029', false, 'bad check digit (…9 instead of X)'],
    ['110105194912310021', false, 'bad check digit'],
    ['11010519491231002Y', false, 'invalid check character'],
    ['110105190002290017', false, '29 Feb 1900 (not a leap year), checksum ok'],
    ['110105202302310011', false, '31 Feb, checksum ok'],
    ['110105194913010029', false, 'month 13, checksum ok'],
    ['110105209912310010', false, 'birth date in the future, checksum ok'],
    ['110105179912310016', false, 'born before 1800, checksum ok'],
    ['11010519491231002', false, '17 characters'],
    ['11010519491231002XX', false, '19 characters'],
    ['110105491231002', false, 'old 15-digit form'],
    [' 11010519491231002X', false, 'leading space (not trimmed)'],
    ['1101051949123100２X', false, 'full-width digit'],
    ['', false, 'empty'],
  ];
  for (const [id, expected, why] of cases) {
    assert.equal(isValidResidentId(id, { now: NOW }), expected, `${id}: ${why}`);
  }
  assert.equal(isValidResidentId(bad(undefined)), false);
  assert.equal(isValidResidentId(bad(null)), false);
  assert.equal(isValidResidentId(bad(11010519491231002)), false);
  // Default "now" is the real clock: an old birth date is fine.
  assert.equal(isValidResidentId('11010519491231002X'), true);
});

test('isValidCreditCode', () => {
  const cases: Array<[string, boolean, string]> = [
    ['11100000MB0341032Y', true, '国家药品监督管理局'],
    ['11100000MB03271699', true, 'central government organ'],
    ['11100000000013127D', true, 'central government organ'],
    ['914403001922038216', true, '华为技术有限公司'],
    ['91110108551385082Q', true, '小米科技有限责任公司'],
    ['11100000mb0341032y', true, 'lower-case accepted'],
    ['11100000MB0341032X', false, 'wrong check character'],
    ['914403001922038217', false, 'wrong check digit'],
    ['11100000000013127C', false, 'wrong check character'],
    ['11100000MB0341O32Y', false, 'letter O is not in the alphabet'],
    ['91440300I922038216', false, 'letter I is not in the alphabet'],
    ['11100000MB0341032', false, '17 characters'],
    ['11100000MB0341032YY', false, '19 characters'],
    ['11100000-MB0341032Y', false, 'hyphen not allowed'],
    ['', false, 'empty'],
  ];
  for (const [code, expected, why] of cases) assert.equal(isValidCreditCode(code), expected, `${code}: ${why}`);
  assert.equal(isValidCreditCode(bad(undefined)), false);
  assert.equal(isValidCreditCode(bad(123456789012345678)), false);
});

test('isValidOrgCode', () => {
  const cases: Array<[string, boolean, string]> = [
    ['19220382-1', true, '华为 (from its credit code)'],
    ['192203821', true, 'without hyphen'],
    ['MB034103-2', true, '国家药品监督管理局, letters in body'],
    ['mb034103-2', true, 'lower-case accepted'],
    ['00001312-7', true, 'leading zeros'],
    ['10087109-X', true, 'check value 10 → X'],
    ['10087109-x', true, 'check X lower-case'],
    ['10007919-0', true, 'check value 11 → 0'],
    ['19220382-2', false, 'wrong check digit'],
    ['10007919-X', false, 'wrong check character'],
    ['1922038-21', false, 'hyphen in wrong place'],
    ['19220382--1', false, 'double hyphen'],
    ['1922038', false, 'too short'],
    ['1922038211', false, 'too long'],
    ['1922038*-1', false, 'illegal character'],
    ['', false, 'empty'],
  ];
  for (const [code, expected, why] of cases) assert.equal(isValidOrgCode(code), expected, `${code}: ${why}`);
  assert.equal(isValidOrgCode(bad(undefined)), false);
});

test('isDivisionCode', () => {
  const cases: Array<[string, boolean]> = [
    ['110105', true], // 北京市朝阳区
    ['320000', true], // 江苏省
    ['500000', true], // 重庆市
    ['820000', true], // 澳门
    ['110101001', true], // township (9 digits)
    ['110101001001', true], // village (12 digits)
    ['000000', false], // no such province
    ['990000', false],
    ['11010', false],
    ['1101050', false],
    ['1101010010', false],
    ['11010a', false],
    ['', false],
  ];
  for (const [code, expected] of cases) assert.equal(isDivisionCode(code), expected, code);
  assert.equal(isDivisionCode(bad(110105)), false);
});

test('classifyIndexPrefix', () => {
  const cases: Array<[string, ReturnType<typeof classifyIndexPrefix>]> = [
    ['11100000MB0341032Y', 'credit-code'],
    [' 11100000mb0341032y ', 'credit-code'],
    ['11100000MB0341032X', 'other'], // bad check, not anything else either
    ['MB0341032', 'org-code'],
    ['MB034103-2', 'org-code'],
    ['00001312-7', 'org-code'],
    ['320100', 'division-code'],
    ['110101001001', 'division-code'],
    ['2024', 'other'],
    ['gkml', 'other'],
    ['', 'other'],
  ];
  for (const [prefix, expected] of cases) assert.equal(classifyIndexPrefix(prefix), expected, prefix);
  assert.equal(classifyIndexPrefix(bad(null)), 'other');
});

test('maskIdNumber', () => {
  const cases: Array<[string, string]> = [
    ['11010519491231002X', '110105********002X'],
    ['11010519491231002x', '110105********002x'],
    [' 11010519491231002X ', '110105********002X'],
    ['110105491231002', '110105*****1002'], // old 15-digit form
    ['1234567890', '**********'], // too short to show anything
    ['', ''],
  ];
  for (const [input, expected] of cases) assert.equal(maskIdNumber(input), expected, input);
  assert.equal(maskIdNumber(bad(undefined)), '');
});

test('maskPhone', () => {
  const cases: Array<[string, string]> = [
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['+8613812345678', '+86 138****5678'],
    ['+86 138-1234-5678', '+86 138****5678'],
    ['010-12345678', '010*****5678'],
    ['12345', '*****'],
    ['', ''],
  ];
  for (const [input, expected] of cases) assert.equal(maskPhone(input), expected, input);
  assert.equal(maskPhone(bad(13812345678)), '');
});

test('maskName', () => {
  const cases: Array<[string, string]> = [
    ['张三', '张*'],
    ['张小明', '张*明'],
    ['欧阳小明', '欧**明'],
    ['王', '*'],
    [' 李四 ', '李*'],
    ['𠮷田', '𠮷*'], // character outside the BMP counts as one
    ['阿依古丽·买买提', '阿******提'],
    ['', ''],
  ];
  for (const [input, expected] of cases) assert.equal(maskName(input), expected, input);
  assert.equal(maskName(bad(undefined)), '');
});
