// Enumerations and length limits shared by the commands, the repository and the API schemas.
export const FORMS = ['paper', 'email', 'electronic', 'on-site'] as const;
export const DELIVERIES = ['post', 'email', 'pickup', 'online'] as const;
export const DESCRIPTION_LIMIT = 5000;
export const DOC_REF_LIMIT = 500;
