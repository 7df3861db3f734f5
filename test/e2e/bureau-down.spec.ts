import { choose, declare, login, requestIncrease, takeCardAndFinish } from './customer-steps';
import { expect, screen, shot, test } from './kiosk-host';

/**
 * Issue 14, art. 13(1): HQ reviews an increase with the credit bureau's data
 * or not at all. With the embedded bureau stopped (the kiosk and HQ still
 * running), the customer is told politely that the review cannot be completed
 * now (notice limitReviewUnavailable, docs/policy.md "What the kiosk says"),
 * and the limit HQ holds is the one they had.
 */
test.describe('credit bureau down', () => {
  test('bureau down → polite refusal: the review cannot be completed now, and the limit has not changed', async ({ page, kiosk }, testInfo) => {
    await kiosk.stopEmbeddedBureau();
    await login(page, kiosk, '4000000001', '7391');
    await expect(page.locator('[data-figure="creditLimit"]')).toContainText('500,000');
    // With the bureau up, this request asks for an income certificate (customer-flows.spec.ts): here HQ stops before.
    await requestIncrease(page, { large: 3 });
    await declare(page, '480', null);

    const notice = page.locator('[data-kind="limitReviewUnavailable"]');
    await expect(notice).toBeVisible();
    await expect(notice.getByRole('heading', { level: 1 })).toHaveText('ただいま増額の審査を完了できません');
    await expect(notice).toContainText('ご利用限度額は変わっていません');
    await expect(screen(page, 'certificateChoice')).toHaveCount(0);
    await shot(page, testInfo, 'limit-review-unavailable-ja');

    await choose(page, 'continue');
    await expect(screen(page, 'menu')).toBeVisible();
    await expect(page.locator('[data-figure="creditLimit"]')).toContainText('500,000');

    // HQ's own record, read afresh at a new log-in: still 500,000.
    await choose(page, 'finish');
    await takeCardAndFinish(page, kiosk);
    await login(page, kiosk, '4000000001', '7391');
    await expect(page.locator('[data-figure="creditLimit"]')).toContainText('500,000');
  });
});
