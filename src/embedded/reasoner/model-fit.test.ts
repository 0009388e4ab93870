import { describe, expect, it } from 'vitest';
import { DEFAULT_COUNTDOWN_REASONER, DEFAULT_REASONER, fittingModel, misfit, modelFit, shippedReasoners, type ShippedModel } from './model-fit.js';

const countdown: ShippedModel = { name: 'cd', format: 'metacot', fit: modelFit({ task: 'countdown', targets: [24, 97], numbers: { min: 1, max: 99 }, integer: true }) };
const game24: ShippedModel = { name: 'g24', format: 'metacot', fit: modelFit({}) };

describe('which model fits a puzzle', () => {
  it('reads old checkpoints as Game of 24 models', () => {
    expect(game24.fit).toMatchObject({ task: 'game24', targets: [24], numbers: { min: 1, max: 13 }, integer: false, writesValues: true });
  });

  it('names the reason a model does not fit: task, target or a number out of range', () => {
    expect(misfit(game24.fit, 'countdown', 24, [1, 2, 3, 4])).toMatch(/trained on Game of 24, not Countdown/);
    expect(misfit(countdown.fit, 'countdown', 5, [1, 2, 3, 4])).toMatch(/2 targets from 24 to 97, not 5/);
    expect(misfit(countdown.fit, 'countdown', 97, [1, 2, 3, 100])).toMatch(/numbers 1–99, and 100 is outside them/);
    expect(misfit(countdown.fit, 'countdown', 97, [3, 7, 11, 25])).toBeNull();
  });

  it('lets a whole-numbers model take a puzzle that allows fractions, never the reverse', () => {
    expect(misfit(countdown.fit, 'game24', 97, [3, 7, 11, 25])).toBeNull();
    expect(fittingModel([game24, countdown], 'game24', 97, [3, 7, 11, 25])?.name).toBe('cd');
  });

  it('prefers the model trained on the puzzle\'s own rules', () => {
    expect(fittingModel([countdown, game24], 'game24', 24, [4, 9, 10, 13])?.name).toBe('g24');
    expect(fittingModel([countdown, game24], 'countdown', 24, [4, 9, 10, 13])?.name).toBe('cd');
    expect(fittingModel([countdown, game24], 'game24', 24, [4, 9, 10, 50])?.name).toBe('cd');
  });

  it('offers the shipped defaults first: game24-rl for Game of 24, countdown-rl for Countdown and other targets', () => {
    const shipped = shippedReasoners();
    expect(shipped.slice(0, 2).map((m) => m.name)).toEqual([DEFAULT_REASONER, DEFAULT_COUNTDOWN_REASONER]);
    expect(shipped.map((m) => m.name)).toContain('countdown-metacot');
    expect(fittingModel(shipped, 'game24', 24, [4, 9, 10, 13])?.name).toBe('game24-rl');
    expect(fittingModel(shipped, 'countdown', 97, [3, 7, 11, 25])?.name).toBe('countdown-rl');
    expect(fittingModel(shipped, 'game24', 97, [3, 7, 11, 25])?.name).toBe('countdown-rl');
  });
});
