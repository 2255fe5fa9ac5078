/** Word lists for believable demo names and US addresses (city, state and ZIP agree with each other). */
export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Mia', 'Lucas', 'Harper', 'Mateo', 'Amelia', 'Ethan',
  'Evelyn', 'Henry', 'Abigail', 'Sebastian', 'Ella', 'Jack', 'Grace', 'Owen', 'Chloe', 'Daniel', 'Nora', 'Samuel', 'Lily',
  'Aiden', 'Zoe', 'Leo', 'Hannah', 'Isaac', 'Aria', 'Gabriel', 'Layla', 'Julian', 'Riley', 'Wyatt', 'Priya', 'Wei', 'Fatima',
  'Diego', 'Sofia', 'Kenji', 'Amara', 'Ravi', 'Ingrid', 'Tomás',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson',
  'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker',
  'Hall', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Patel',
  'Kim', 'Chen', 'Okafor', 'Schmidt', 'Novak', 'Rossi', 'Silva', 'Kowalski', 'Haddad',
] as const;

export const STREET_NAMES = [
  'Maple', 'Oak', 'Cedar', 'Pine', 'Elm', 'Walnut', 'Willow', 'Lakeview', 'Hillcrest', 'Sunset', 'Riverside', 'Park', 'Washington',
  'Lincoln', 'Jefferson', 'Madison', 'Franklin', 'Highland', 'Meadow', 'Orchard', 'Spring', 'Church', 'Mill', 'Ridge', 'Forest',
] as const;
export const STREET_SUFFIXES = ['St', 'Ave', 'Rd', 'Blvd', 'Ln', 'Dr', 'Ct', 'Way', 'Pl'] as const;

export interface CityStateZip {
  city: string;
  region: string;
  postalCode: string;
}

export const US_CITIES: readonly CityStateZip[] = [
  { city: 'Portland', region: 'OR', postalCode: '97205' }, { city: 'Seattle', region: 'WA', postalCode: '98101' },
  { city: 'San Francisco', region: 'CA', postalCode: '94110' }, { city: 'Los Angeles', region: 'CA', postalCode: '90026' },
  { city: 'San Diego', region: 'CA', postalCode: '92104' }, { city: 'Sacramento', region: 'CA', postalCode: '95816' },
  { city: 'Reno', region: 'NV', postalCode: '89501' }, { city: 'Las Vegas', region: 'NV', postalCode: '89104' },
  { city: 'Phoenix', region: 'AZ', postalCode: '85004' }, { city: 'Denver', region: 'CO', postalCode: '80205' },
  { city: 'Salt Lake City', region: 'UT', postalCode: '84111' }, { city: 'Boise', region: 'ID', postalCode: '83702' },
  { city: 'Austin', region: 'TX', postalCode: '78704' }, { city: 'Houston', region: 'TX', postalCode: '77006' },
  { city: 'Dallas', region: 'TX', postalCode: '75204' }, { city: 'Chicago', region: 'IL', postalCode: '60614' },
  { city: 'Minneapolis', region: 'MN', postalCode: '55408' }, { city: 'Milwaukee', region: 'WI', postalCode: '53202' },
  { city: 'Detroit', region: 'MI', postalCode: '48201' }, { city: 'Columbus', region: 'OH', postalCode: '43215' },
  { city: 'Cleveland', region: 'OH', postalCode: '44113' }, { city: 'Cincinnati', region: 'OH', postalCode: '45202' },
  { city: 'Indianapolis', region: 'IN', postalCode: '46204' }, { city: 'Pittsburgh', region: 'PA', postalCode: '15222' },
  { city: 'Philadelphia', region: 'PA', postalCode: '19103' }, { city: 'Brooklyn', region: 'NY', postalCode: '11215' },
  { city: 'Boston', region: 'MA', postalCode: '02118' }, { city: 'Providence', region: 'RI', postalCode: '02903' },
  { city: 'Baltimore', region: 'MD', postalCode: '21201' }, { city: 'Richmond', region: 'VA', postalCode: '23220' },
  { city: 'Raleigh', region: 'NC', postalCode: '27601' }, { city: 'Charlotte', region: 'NC', postalCode: '28202' },
  { city: 'Atlanta', region: 'GA', postalCode: '30308' }, { city: 'Nashville', region: 'TN', postalCode: '37203' },
  { city: 'Louisville', region: 'KY', postalCode: '40202' }, { city: 'Miami', region: 'FL', postalCode: '33130' },
  { city: 'Tampa', region: 'FL', postalCode: '33602' }, { city: 'New Orleans', region: 'LA', postalCode: '70112' },
  { city: 'Kansas City', region: 'MO', postalCode: '64105' }, { city: 'St. Louis', region: 'MO', postalCode: '63103' },
];

export const COMPANY_PREFIXES = [
  'Buckeye', 'Great Lakes', 'Tri-County', 'Ohio Valley', 'Keystone', 'Summit', 'Ridgeway', 'Midwest', 'Allegheny', 'Heartland',
  'Prairie', 'Lone Star', 'Gulf Coast', 'Sierra', 'Cascade', 'Pioneer', 'Ironwood', 'Riverbend', 'Northstar', 'Bluegrass',
  'Magnolia', 'Granite State', 'Copper Basin', 'Evergreen', 'Red River', 'Twin Rivers', 'Lakeshore', 'Frontier', 'Badger', 'Hoosier',
] as const;
export const COMPANY_TRADES = [
  'Fabrication', 'Mechanical', 'Packaging', 'Mining Services', 'Hydraulics', 'Welding Supply', 'Machine Works', 'Industrial Services',
  'Conveyor Systems', 'Food Processing', 'Millwrights', 'Tool & Die', 'Fleet Maintenance', 'Plastics', 'Metal Stamping',
  'Water Utility', 'Aggregates', 'Paper Mill', 'Bottling Co.', 'Automation',
] as const;
export const COMPANY_SUFFIXES = ['LLC', 'Inc.', 'Co.', 'Corp.', 'Ltd.'] as const;
