// Equality monitoring questions, each optional and each with "Prefer not to say". The answers
// are stored apart from the application and reported only in aggregate.

export interface EqualityQuestion {
  key: string
  legend: string
  options: { value: string; text: string }[]
}

const PREFER_NOT = { value: 'prefer-not-to-say', text: 'Prefer not to say' }

export const EQUALITY_QUESTIONS: EqualityQuestion[] = [
  {
    key: 'age',
    legend: 'What is your age?',
    options: [
      { value: 'under-25', text: 'Under 25' },
      { value: '25-34', text: '25 to 34' },
      { value: '35-44', text: '35 to 44' },
      { value: '45-54', text: '45 to 54' },
      { value: '55-64', text: '55 to 64' },
      { value: '65-plus', text: '65 or over' },
      PREFER_NOT,
    ],
  },
  {
    key: 'sex',
    legend: 'What is your sex?',
    options: [
      { value: 'female', text: 'Female' },
      { value: 'male', text: 'Male' },
      PREFER_NOT,
    ],
  },
  {
    key: 'gender-identity',
    legend: 'Is the gender you identify with the same as your sex registered at birth?',
    options: [
      { value: 'yes', text: 'Yes' },
      { value: 'no', text: 'No' },
      PREFER_NOT,
    ],
  },
  {
    key: 'ethnicity',
    legend: 'What is your ethnic group?',
    options: [
      { value: 'asian', text: 'Asian or Asian British' },
      { value: 'black', text: 'Black, Black British, Caribbean or African' },
      { value: 'mixed', text: 'Mixed or multiple ethnic groups' },
      { value: 'white', text: 'White' },
      { value: 'other', text: 'Another ethnic group' },
      PREFER_NOT,
    ],
  },
  {
    key: 'disability',
    legend: 'Do you consider yourself to have a disability or long-term health condition?',
    options: [
      { value: 'yes', text: 'Yes' },
      { value: 'no', text: 'No' },
      PREFER_NOT,
    ],
  },
  {
    key: 'sexual-orientation',
    legend: 'Which of the following best describes your sexual orientation?',
    options: [
      { value: 'heterosexual', text: 'Heterosexual or straight' },
      { value: 'gay-lesbian', text: 'Gay or lesbian' },
      { value: 'bisexual', text: 'Bisexual' },
      { value: 'other', text: 'Another sexual orientation' },
      PREFER_NOT,
    ],
  },
]
