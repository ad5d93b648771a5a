import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  const policy = { minLength: 12, minClasses: 3 };

  it('accepts a long password mixing three classes', () => {
    expect(passwordProblem('Correct-horse-battery', policy)).toBeNull();
    expect(passwordProblem('督办系统密码Abc12345', policy)).toBeNull();
  });

  it('refuses a short one, counting characters rather than UTF-16 units', () => {
    expect(passwordProblem('Ab1-Ab1-Ab1', policy)).toMatchObject({ key: 'password.tooShort' });
    expect(passwordProblem('😀😀😀😀😀😀Ab1-', policy)).toMatchObject({ key: 'password.tooShort' });
  });

  it('refuses too few classes', () => {
    expect(passwordProblem('alllowercaseletters', policy)).toMatchObject({ key: 'password.tooFewClasses', minClasses: 3 });
    expect(passwordProblem('lowercase12345678', policy)).toMatchObject({ key: 'password.tooFewClasses' });
    expect(passwordProblem('lowercase12345678', { minLength: 12, minClasses: 2 })).toBeNull();
  });
});
