import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { catalogue, resumes, sessions } from '../api/endpoints';
import type { Difficulty, Resume } from '../api/types';
import { ErrorAlert, Loading } from '../components/Feedback';
import { useResource } from '../hooks/useResource';

const DIFFICULTIES: { value: Difficulty; label: string; hint: string }[] = [
  { value: 'easy', label: 'Easy', hint: 'Warm-up questions' },
  { value: 'medium', label: 'Medium', hint: 'A typical interview' },
  { value: 'hard', label: 'Hard', hint: 'Senior-level probing' },
];

function ParsedResumeSummary({ resume }: { resume: Resume }) {
  const { skills = [], experiences = [], years_of_experience: years } = resume.parsed;
  return (
    <div className="resume-summary" aria-live="polite">
      <p>
        Read from <strong>{resume.original_name}</strong>
        {typeof years === 'number' && <> · about {Math.round(years)} years of experience</>}
      </p>
      {skills.length > 0 ? (
        <>
          <p id="skills-label" className="muted">
            Skills found
          </p>
          <ul className="chips" aria-labelledby="skills-label">
            {skills.map((skill) => (
              <li key={skill} className="chip">
                {skill}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">No skills were recognised in this résumé.</p>
      )}
      {experiences.length > 0 && (
        <p className="muted">
          Latest role: {experiences[0]?.title}
          {experiences[0]?.employer ? ` at ${experiences[0].employer}` : ''}
        </p>
      )}
    </div>
  );
}

function ResumeField({ resume, onResume }: { resume: Resume | null; onResume: (resume: Resume | null) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      onResume(await resumes.upload(file));
    } catch (reason) {
      setError(reason);
      onResume(null);
    } finally {
      setBusy(false);
    }
  };

  const remove = () => {
    onResume(null);
    if (input.current) input.current.value = '';
  };

  return (
    <div className="field">
      <label htmlFor="resume">
        Résumé <span className="muted">(optional: PDF, DOCX or TXT)</span>
      </label>
      <input id="resume" ref={input} type="file" accept=".pdf,.docx,.txt" onChange={(event) => void upload(event)} aria-describedby="resume-hint" />
      <p id="resume-hint" className="muted">
        Questions about your own experience are added when you upload one.
      </p>
      {busy && <Loading label="Reading your résumé…" />}
      {error !== null && <ErrorAlert error={error} title="The résumé could not be read." />}
      {resume && (
        <>
          <ParsedResumeSummary resume={resume} />
          <button type="button" className="button button-secondary" onClick={remove}>
            Don't use this résumé
          </button>
        </>
      )}
    </div>
  );
}

export function NewSessionPage() {
  const roles = useResource(catalogue.roles, 'roles');
  const [targetRole, setTargetRole] = useState('');
  const [roleFamily, setRoleFamily] = useState('');
  const [difficulty, setDifficulty] = useState<Difficulty>('medium');
  const [count, setCount] = useState(5);
  const [resume, setResume] = useState<Resume | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const navigate = useNavigate();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await sessions.create({
        target_role: targetRole,
        difficulty,
        role: roleFamily || undefined,
        resume_id: resume?.id ?? null,
      });
      await sessions.generateQuestions(session.id, { count, resume_id: resume?.id ?? null });
      // The session's own address (the room), so that a reload or a shared link opens it again;
      // the room first previews the questions it was just given.
      void navigate(`/sessions/${session.id}/interview`, { state: { justCreated: true } });
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <h1>New practice session</h1>
      {error !== null && <ErrorAlert error={error} title="The session could not be created." />}
      <form className="form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="target-role">Job you are practising for</label>
          <input
            id="target-role"
            required
            maxLength={120}
            placeholder="e.g. Backend engineer"
            value={targetRole}
            onChange={(e) => setTargetRole(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="role-family">Kind of role</label>
          <select id="role-family" value={roleFamily} onChange={(e) => setRoleFamily(e.target.value)} aria-describedby="role-family-hint">
            <option value="">Work it out from the job title</option>
            {(roles.data ?? []).map((role) => (
              <option key={role.value} value={role.value}>
                {role.label}
              </option>
            ))}
          </select>
          <p id="role-family-hint" className="muted">
            Picks the role-specific questions.
          </p>
        </div>
        <fieldset className="field">
          <legend>Difficulty</legend>
          <div className="radio-row">
            {DIFFICULTIES.map((option) => (
              <label key={option.value} className="radio-card">
                <input
                  type="radio"
                  name="difficulty"
                  value={option.value}
                  checked={difficulty === option.value}
                  onChange={() => setDifficulty(option.value)}
                />
                <span>
                  {option.label}
                  <span className="muted"> · {option.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="question-count">Number of questions</label>
          <select id="question-count" value={count} onChange={(e) => setCount(Number(e.target.value))}>
            {[1, 2, 3, 4, 5, 6, 8, 10].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <ResumeField resume={resume} onResume={setResume} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Preparing your questions…' : 'Create session and see the questions'}
        </button>
      </form>
    </div>
  );
}
