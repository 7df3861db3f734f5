import { describe, expect, it } from 'vitest';
import { TypedEmitter } from '../../../src/shared/events/typed-emitter';

type Events = { changed: number; closed: undefined };

describe('TypedEmitter', () => {
  it('hands a throwing listener\'s error to the handler and still runs the listeners after it', () => {
    const reported: Array<[unknown, string]> = [];
    const emitter = new TypedEmitter<Events>((error, event) => reported.push([error, event]));
    const heard: string[] = [];
    const boom = new Error('listener bug');
    emitter.on('changed', (n) => heard.push(`first ${n}`));
    emitter.on('changed', () => { throw boom; });
    emitter.on('changed', (n) => heard.push(`third ${n}`));

    expect(() => emitter.emit('changed', 7)).not.toThrow();
    expect(heard).toEqual(['first 7', 'third 7']);
    expect(reported).toEqual([[boom, 'changed']]);
  });

  it('drops a listener\'s error when no handler was given', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: number[] = [];
    emitter.on('changed', () => { throw new Error('listener bug'); });
    emitter.on('changed', (n) => heard.push(n));
    expect(() => emitter.emit('changed', 1)).not.toThrow();
    expect(heard).toEqual([1]);
  });

  it('removes exactly the registration `on` returned, and `off` the latest one of a listener', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: string[] = [];
    const a = (n: number) => heard.push(`a${n}`);
    const removeFirst = emitter.on('changed', a);
    emitter.on('changed', a);
    emitter.on('changed', (n) => heard.push(`b${n}`));
    removeFirst();
    emitter.emit('changed', 1);
    emitter.off('changed', a);
    emitter.emit('changed', 2);
    expect(heard).toEqual(['a1', 'b1', 'b2']);
  });

  it('calls a `once` listener for the next event only, and `off` removes it before then', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: number[] = [];
    emitter.once('changed', (n) => heard.push(n));
    emitter.emit('changed', 1);
    emitter.emit('changed', 2);
    const never = (n: number) => heard.push(-n);
    emitter.once('changed', never);
    emitter.off('changed', never);
    emitter.emit('changed', 3);
    expect(heard).toEqual([1]);
  });

  it('delivers an event to the listeners registered when it was emitted, also when one emits again', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: string[] = [];
    emitter.on('changed', (n) => {
      heard.push(`outer ${n}`);
      if (n === 1) {
        emitter.on('changed', (m) => heard.push(`late ${m}`));
        emitter.emit('changed', 2);
      }
    });
    emitter.emit('changed', 1);
    expect(heard).toEqual(['outer 1', 'outer 2', 'late 2']);
  });

  it('removeAllListeners silences every event', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: string[] = [];
    emitter.on('changed', (n) => heard.push(`changed ${n}`));
    emitter.on('closed', () => heard.push('closed'));
    emitter.removeAllListeners();
    emitter.emit('changed', 1);
    emitter.emit('closed', undefined);
    expect(heard).toEqual([]);
  });
});
