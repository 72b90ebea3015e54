// The signed-out home page: says what the product does before asking anyone to sign in, with a
// sample report drawn from a fixed, clearly labelled example (never anyone's data, no API call).
import { Link, Navigate } from 'react-router';
import type { Scores } from '../api/types';
import { DIMENSIONS } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { RadarChart } from '../charts/RadarChart';
import { Loading } from '../components/Feedback';
import { DIMENSION_LABELS } from '../text/labels';
import { DashboardPage } from './DashboardPage';

/** The sample answer's scores: invented, shaped like a real report's. */
export const SAMPLE_SCORES: Scores = {
  confidence: 72,
  fluency: 81,
  vocal_expressiveness: 58,
  eye_contact: 64,
  composure: 77,
  engagement: 69,
  positivity: 74,
  relevance: 86,
  structure: 61,
  clarity: 79,
};

/** Two of the sample report's "why" explanations, each with its advice. */
export const SAMPLE_REASONS: { dimension: keyof typeof DIMENSION_LABELS; why: string; advice: string }[] = [
  {
    dimension: 'structure',
    why: 'You described the situation and the result, but the actions you took were hard to pick out.',
    advice: 'Try the STAR order: situation, task, action, result, with one sentence each for the first two.',
  },
  {
    dimension: 'vocal_expressiveness',
    why: 'Your pitch stayed flat for most of the answer, which can sound less engaged than you are.',
    advice: 'Lift your voice on the key numbers and outcomes, and pause briefly before them.',
  },
];

function SampleReport() {
  return (
    <section aria-labelledby="sample-heading" className="landing-sample">
      <h2 id="sample-heading">
        Sample report <span className="landing-sample-tag">example, not real data</span>
      </h2>
      <p className="landing-sample-question">“Tell me about a project you are proud of.”</p>
      <RadarChart scores={SAMPLE_SCORES} />
      <ul className="landing-sample-scores" aria-label="Sample scores">
        {DIMENSIONS.map((dimension) => (
          <li key={dimension}>
            <span>{DIMENSION_LABELS[dimension]}</span> <strong>{SAMPLE_SCORES[dimension]}</strong>
          </li>
        ))}
      </ul>
      <h3>Why these scores</h3>
      <ul className="landing-sample-reasons">
        {SAMPLE_REASONS.map((reason) => (
          <li key={reason.dimension}>
            <strong>
              {DIMENSION_LABELS[reason.dimension]} {SAMPLE_SCORES[reason.dimension]}:
            </strong>{' '}
            {reason.why} <em>Advice:</em> {reason.advice}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function LandingPage() {
  return (
    <div className="landing">
      <section className="landing-hero" aria-labelledby="landing-heading">
        <h1 id="landing-heading">Practise job interviews on camera and learn exactly what to improve</h1>
        <p>
          Answer interview questions for the role you want, on camera. Your speech, voice, face and the content of
          your answers are scored on 10 dimensions, each with an explanation of why and advice on what to do next.
          Coaches can review your answers and add their own feedback.
        </p>
        <ul className="landing-points">
          <li>Questions for your target role, or generated from your résumé</li>
          <li>Scores for confidence, fluency, eye contact, structure, clarity and more</li>
          <li>Every score explained, with advice you can act on</li>
          <li>Reviews from coaches, and your progress over time</li>
        </ul>
        <p className="landing-actions">
          <Link className="button button-primary" to="/signup">
            Sign up
          </Link>
          <Link className="button button-secondary" to="/signin">
            Sign in
          </Link>
        </p>
      </section>
      <SampleReport />
    </div>
  );
}

/** `/`: the dashboard once signed in, the product's introduction otherwise. */
export function HomePage() {
  const { status } = useAuth();
  if (status === 'loading') return <Loading />;
  if (status === 'deleted') return <Navigate to="/signin" replace />;
  if (status === 'signedOut') return <LandingPage />;
  return <DashboardPage />;
}
